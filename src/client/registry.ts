/** Where services are registered: one line per service. */
import { workerHost, type ServiceRegistration } from '../bus';
import type { StorageApi } from '../bus/storage';
import { imageContract, type ImageService } from '../../workers/image/contract';
import { textContract, type TextService } from '../../workers/text/contract';
import { speechContract, type SpeechService } from '../../workers/speech/contract';
import { tabularContract, type TabularService } from '../../workers/tabular/contract';
import { speechClient } from '../../workers/speech/client';

/** A registration that also carries the service's SDK type. */
interface Registered<Api> extends ServiceRegistration {
  readonly api?: Api;
  /** Methods that run on the page before (or instead of) the worker: decoding files, the microphone. */
  readonly client?: (service: Api) => Partial<Api>;
}

function register<Api>(contract: ServiceRegistration['contract'], worker: () => Worker, client?: (service: Api) => Partial<Api>): Registered<Api> {
  return { contract, spawn: () => workerHost(worker()), client };
}

export const SERVICES = {
  image: register<ImageService>(imageContract, () => new Worker(new URL('../../workers/image/worker.ts', import.meta.url), { type: 'module', name: 'inpage-image' })),
  text: register<TextService>(textContract, () => new Worker(new URL('../../workers/text/worker.ts', import.meta.url), { type: 'module', name: 'inpage-text' })),
  speech: register<SpeechService>(speechContract, () => new Worker(new URL('../../workers/speech/worker.ts', import.meta.url), { type: 'module', name: 'inpage-speech' }), speechClient),
  tabular: register<TabularService>(tabularContract, () => new Worker(new URL('../../workers/tabular/worker.ts', import.meta.url), { type: 'module', name: 'inpage-tabular' })),
};

export type ServiceName = keyof typeof SERVICES;
/** Each service's own methods, plus the storage methods every service answers. */
export type ServiceApis = { [K in ServiceName]: NonNullable<(typeof SERVICES)[K]['api']> & StorageApi };
