/**
 * The page-side half of `ai.speech`: what a worker cannot do. Files are decoded and the microphone is
 * captured here; the samples then go to the speech service over the bus.
 */
import type { CallOptions } from '../../../src/core/protocol';
import type { ContractApi } from '../../../src/core/descriptor';
import {
  COMMAND_SAMPLE_RATE,
  MAX_COMMAND_SECONDS,
  MAX_TRANSCRIBE_SECONDS,
  speechContract,
  TRANSCRIBE_SAMPLE_RATE,
  type AudioInput,
  type CaptionOptions,
  type ExampleCounts,
  type ListenOptions,
  type Samples,
  type Transcript,
  type WordScore,
} from '../contract';
import { toSamples } from './decode';
import { caption } from './caption';
import { listen } from './listen';
import { recordClip } from './microphone';

export type SpeechWorkerApi = ContractApi<typeof speechContract>;

/** What `ai.speech` offers beyond (or in place of) the worker's methods. */
export interface SpeechClientApi {
  /** Scores of each word for the loudest second of the audio (a file, or samples), best first. */
  /** `session`: a window of a listen session (listenStart), answered by the replica that holds it. */
  recognize(audio: AudioInput, options?: { topK?: number; session?: string } & CallOptions): Promise<WordScore[]>;
  addExample(word: string, audio: AudioInput, options?: CallOptions): Promise<ExampleCounts>;
  /** Long recordings are chunked: `onProgress` tells each chunk, `signal` cancels between chunks. */
  transcribe(audio: AudioInput, options?: CallOptions): Promise<Transcript>;
  /** Records from the microphone on the page (an example for a custom word); default 1.5 s. */
  record(options?: { seconds?: number; onLevel?: (level: number) => void }): Promise<Samples>;
  /** Streams the microphone to the service; resolves once listening has started, with the way to stop it. */
  listen(options?: ListenOptions): Promise<() => Promise<void>>;
  /** Live captions from the microphone (PocketSphinx); resolves once capturing has started, with the way to stop it. */
  caption(options?: CaptionOptions): Promise<() => Promise<void>>;
}

export function speechClient(service: SpeechWorkerApi): SpeechClientApi {
  return {
    recognize: async (audio, options) => service.recognize(await toSamples(audio, COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS), options),
    addExample: async (word, audio, options) => service.addExample(word, await toSamples(audio, COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS), options),
    transcribe: async (audio, options) => {
      const samples = await toSamples(audio, TRANSCRIBE_SAMPLE_RATE, MAX_TRANSCRIBE_SECONDS);
      // A long call on a slow device may take longer than the service's usual limit: allow 3 s per second of audio.
      const seconds = samples.samples.length / samples.sampleRate;
      return service.transcribe(samples, { ...options, timeoutMs: options?.timeoutMs ?? Math.max(speechContract.limits.timeoutMs, seconds * 3000) });
    },
    record: (options) => recordClip(options?.seconds ?? 1.5, options?.onLevel),
    listen: (options) => listen(service, options),
    caption: (options) => caption(service, options),
  };
}
