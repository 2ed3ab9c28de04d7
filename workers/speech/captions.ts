/**
 * Live captions: each caption session is its own PocketSphinx decoder, fed the microphone's blocks as the
 * page sends them. The decoder's voice activity detector ends an utterance at a pause: its words become
 * final and the next words start a new one. Sessions live in the replica that started them; their ids
 * name it, and the bus sends a session's blocks only there (the contract marks them sticky).
 */
import { InPageError } from '../../src/core/errors';
import { sessionId } from '../../src/core/protocol';
import type { Runtime } from '../../src/runtime/serving/serve';
import { TRANSCRIBE_SAMPLE_RATE, type CaptionUpdate, type Samples } from './contract';
import { sphinxModel } from './recognizers';
import { resampleLinear } from './spectrogram';
import type { Sphinx, SphinxDecoder } from './sphinx';

/** Each decoder holds its own copy of the language model (tens of MB): a few at most per replica. */
const MAX_SESSIONS = 2;
/** A session not fed for this long belongs to a page that has gone away. */
const IDLE_MS = 30_000;
const STEP = TRANSCRIBE_SAMPLE_RATE / 10;
/**
 * Captions must keep up with speech, or every word shows later than the last: at most 3000 active HMMs per
 * frame (PocketSphinx's default is 30000). Pruning the search that far decodes faster with the same word
 * error rate on the LibriVox recordings; pruning further starts to cost words (`npm run bench speech`
 * measures the caption latency).
 */
const CAPTION_ARGS = '-maxhmmpf 3000';

interface Session {
  decoder: SphinxDecoder;
  /** Ends this session's hold on idle work (the replica is in live use while it runs). */
  release: () => void;
  speaking: boolean;
  fedAt: number;
}

export class Captions {
  private readonly sessions = new Map<string, Session>();
  private next = 1;

  constructor(
    private readonly runtime: Runtime,
    private readonly sphinx: () => Promise<Sphinx>,
  ) {}

  async start(): Promise<{ session: string; model: string }> {
    this.dropIdle();
    if (this.sessions.size >= MAX_SESSIONS) {
      throw new InPageError('BUSY', `Live captions are already running ${MAX_SESSIONS} times in this replica; stop one first.`, 'speech');
    }
    const decoder = (await this.sphinx()).decoder(CAPTION_ARGS);
    const session = sessionId(this.runtime.init.replicaId, `captions-${this.next++}`);
    this.sessions.set(session, { decoder, release: this.runtime.holdIdle(), speaking: false, fedAt: Date.now() });
    return { session, model: sphinxModel(this.runtime).id };
  }

  /** Decodes one block; answers the words heard so far, and the utterances a pause has just closed. */
  feed(id: string, audio: Samples): CaptionUpdate {
    const session = this.session(id);
    session.fedAt = Date.now();
    const samples = resampleLinear(audio.samples, audio.sampleRate, TRANSCRIBE_SAMPLE_RATE);
    const finals: string[] = [];
    // In steps of 100 ms, so a pause inside a long block (sent while the last one was decoded) still ends its sentence.
    for (let at = 0; at < samples.length; at += STEP) {
      session.decoder.process(samples.subarray(at, at + STEP));
      const speaking = session.decoder.inSpeech();
      if (session.speaking && !speaking) {
        const { text } = session.decoder.end();
        if (text) finals.push(text);
      }
      session.speaking = speaking;
    }
    return { partial: session.decoder.partial(), finals };
  }

  /** Ends the session; the open utterance's words become final. */
  stop(id: string): CaptionUpdate {
    const session = this.session(id);
    this.sessions.delete(id);
    session.release();
    const { text } = session.decoder.end();
    session.decoder.free();
    return { partial: '', finals: text ? [text] : [] };
  }

  private session(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new InPageError('INVALID_INPUT', `There is no caption session "${id}" here (it was stopped, or the service restarted): start captions again.`, 'speech');
    return session;
  }

  private dropIdle(): void {
    for (const [id, session] of this.sessions) {
      if (Date.now() - session.fedAt < IDLE_MS) continue;
      session.decoder.free();
      session.release();
      this.sessions.delete(id);
    }
  }
}
