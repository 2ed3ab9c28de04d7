/** The speech service's worker entry. */
import { serve } from '../../src/runtime/serve';
import { checkAudio } from './audio';
import { COMMAND_MODELS } from './commands';
import { MAX_COMMAND_SECONDS, MAX_TRANSCRIBE_SECONDS, speechContract } from './contract';
import { CommandEngine } from './engine';
import { listHistory, openSpeechDb, SPEECH_STORES } from './store';
import { ASR_MODELS, Transcriber } from './transcriber';

serve(
  speechContract,
  async (runtime) => {
    const db = await openSpeechDb();
    const commands = await CommandEngine.load(runtime, db);
    const transcriber = new Transcriber(runtime, db);
    return {
      recognize: ({ audio, topK }) => {
        checkAudio(audio, MAX_COMMAND_SECONDS);
        return commands.recognize(audio, topK);
      },
      vocabulary: () => commands.vocabulary(),
      addExample: ({ word, audio }) => {
        checkAudio(audio, MAX_COMMAND_SECONDS);
        return commands.addExample(word, audio);
      },
      examples: () => commands.examples(),
      removeWord: ({ word }) => commands.removeWord(word),
      train: ({ epochs }, request) => commands.train(epochs, request),
      useModel: ({ model }) => commands.use(model),
      exportCustom: () => commands.exportCustom(),
      importCustom: ({ file }) => commands.importCustom(file),
      transcribe: ({ audio }, request) => {
        checkAudio(audio, MAX_TRANSCRIBE_SECONDS);
        return transcriber.transcribe(audio, request);
      },
      history: ({ limit }) => listHistory(db, limit),
    };
  },
  { models: [COMMAND_MODELS, ASR_MODELS], db: openSpeechDb, stores: SPEECH_STORES },
);
