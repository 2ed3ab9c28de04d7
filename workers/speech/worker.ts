/** The speech service's worker entry. */
import { guestRefusal } from '../../src/runtime/serving/guest';
import { serve } from '../../src/runtime/serving/serve';
import { checkAudio } from './audio';
import { Captions } from './captions';
import { MAX_COMMAND_SECONDS, MAX_TRANSCRIBE_SECONDS, speechContract } from './contract';
import { CommandEngine } from './engine';
import { Listening } from './listening';
import { loadSphinx } from './recognizers';
import type { Sphinx } from './sphinx';
import { listHistory, openSpeechDb, SPEECH_STORES } from './store';
import { Transcriber } from './transcriber';

/** A block of live captions may be short or quiet: only its length is checked (blocks grow while the decoder lags). */
const MAX_CAPTION_BLOCK_SECONDS = 60;

serve(
  speechContract,
  async (runtime) => {
    const db = await openSpeechDb();
    // PocketSphinx loads on first use (a command, a transcription or captions) and is shared by all three.
    let sphinx: Promise<Sphinx> | undefined;
    const loadOnce = () =>
      (sphinx ??= loadSphinx(runtime, db).catch((error: unknown) => {
        sphinx = undefined;
        throw error;
      }));
    const commands = await CommandEngine.load(runtime, db, loadOnce);
    const transcriber = new Transcriber(runtime, db, loadOnce);
    const captions = new Captions(runtime, loadOnce);
    const listening = new Listening(runtime);
    return {
      recognize: ({ audio, topK, session }, request) => {
        if (session) listening.touch(session);
        checkAudio(audio, MAX_COMMAND_SECONDS);
        return commands.recognize(audio, topK, request.guest);
      },
      vocabulary: (_payload, request) => commands.vocabulary(request.guest),
      addWord: ({ word }, request) => {
        if (request.guest) throw guestRefusal('speech', 'the command words');
        return commands.addWord(word);
      },
      addExample: ({ word, audio }) => {
        checkAudio(audio, MAX_COMMAND_SECONDS);
        return commands.addExample(word, audio);
      },
      listExamples: () => commands.examples(),
      deleteWord: ({ word }) => commands.removeWord(word),
      train: ({ epochs }, request) => commands.train(epochs, request),
      useModel: ({ model }) => commands.use(model),
      exportModel: () => commands.exportCustom(),
      importModel: ({ file }) => commands.importCustom(file),
      transcribe: ({ audio }, request) => {
        checkAudio(audio, MAX_TRANSCRIBE_SECONDS);
        return transcriber.transcribe(audio, request);
      },
      history: ({ limit }) => listHistory(db, limit),
      listenStart: () => listening.start(),
      listenStop: ({ session }) => listening.stop(session),
      captionStart: () => captions.start(),
      captionFeed: ({ session, audio }) => {
        checkAudio(audio, MAX_CAPTION_BLOCK_SECONDS, { allowSilence: true });
        return captions.feed(session, audio);
      },
      captionStop: ({ session }) => captions.stop(session),
    };
  },
  // The models the storage methods list come from the descriptor (service.ts).
  { db: openSpeechDb, stores: SPEECH_STORES },
);
