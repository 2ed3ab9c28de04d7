/** The speech service, as the page sees it: one entry of the list in src/client/services.ts. */
import commands18w from '../../models/speech-commands-18w.json';
import commandsInpage from '../../models/speech-commands-inpage-18w.json';
import pocketsphinx from '../../models/speech-pocketsphinx-en-us.json';
import whisper from '../../models/speech-whisper-tiny-en.json';
import { aliases, defineService, type ApiOf, type ContractApi } from '../../src/core/descriptor';
import { speechClient } from './client';
import { speechContract } from './contract';

type Api = ContractApi<typeof speechContract>;

/** The names of the release before one vocabulary (export, import, delete, list) ran across the services. */
export interface SpeechDeprecated {
  /** @deprecated Use `listExamples`. */
  examples: Api['listExamples'];
  /** @deprecated Use `deleteWord`. */
  removeWord: Api['deleteWord'];
  /** @deprecated Use `exportModel`. */
  exportCustom: Api['exportModel'];
  /** @deprecated Use `importModel`. */
  importCustom: Api['importModel'];
}

export const speechService = defineService({
  contract: speechContract,
  worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'inpage-speech' }),
  client: speechClient,
  aliases: aliases<SpeechDeprecated>({ examples: 'listExamples', removeWord: 'deleteWord', exportCustom: 'exportModel', importCustom: 'importModel' }),
  // Two groups, each forced on its own: `?model=speech-commands-inpage-18w&model=pocketsphinx-en-us`.
  modelGroups: [
    { name: 'commands', models: [commands18w, commandsInpage] },
    { name: 'transcription', models: [whisper, pocketsphinx] },
  ],
  page: { path: 'speech', title: 'Speech', shortcut: 'Voice commands and transcription' },
  bench: ['speech'],
});

/** What the SDK publishes of this service (src/client/services.ts re-exports it): `ai.speech`'s type and the types its methods take and give. */
export type SpeechService = ApiOf<typeof speechService>;
export type {
  AudioInput,
  CaptionOptions,
  CaptionUpdate,
  Command as SpeechCommand,
  EpochLog as SpeechEpochLog,
  ListenOptions,
  Samples,
  Transcript,
  TranscriptChunk,
  TimedWord,
  Vocabulary as SpeechVocabulary,
  WordScore,
} from './contract';
