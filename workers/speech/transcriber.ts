/**
 * Transcription: Whisper tiny.en where its files can be reached, else PocketSphinx (recognizers.ts). Loaded
 * on the first transcription, so voice commands start without waiting for it. Long recordings are cut into
 * chunks at their quietest moments, each chunk decoded on its own: progress and cancellation in between.
 */
import type { RequestContext } from '../../src/runtime/serving/request';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { TRANSCRIBE_SAMPLE_RATE, type Samples, type Transcript, type TranscriptChunk } from './contract';
import { withBand } from './band';
import { chunkBounds } from './chunks';
import { loadRecognizer, type Recognizer } from './recognizers';
import type { Sphinx } from './sphinx';
import { resampleLinear } from './spectrogram';

/** A chunk with a peak under this is silence: no decoding, no text. */
const QUIET_PEAK = 5e-3;

export class Transcriber {
  private loading: Promise<Recognizer> | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly db: ServiceDb,
    private readonly sphinx: () => Promise<Sphinx>,
  ) {}

  async transcribe(audio: Samples, request: RequestContext): Promise<Transcript> {
    const recognizer = await (this.loading ??= loadRecognizer(this.runtime, this.db, this.sphinx).catch((error: unknown) => {
      this.loading = undefined; // a later call may find the files (back online, mirror filled)
      throw error;
    }));
    request.signal.throwIfAborted();
    const { samples, band } = withBand(resampleLinear(audio.samples, audio.sampleRate, TRANSCRIBE_SAMPLE_RATE), audio.sampleRate);
    const bounds = chunkBounds(samples, recognizer.chunkSeconds * TRANSCRIBE_SAMPLE_RATE, TRANSCRIBE_SAMPLE_RATE);
    const chunks: TranscriptChunk[] = [];
    for (const [i, [start, end]] of bounds.entries()) {
      // A decoder that computes without awaiting would starve the worker's messages: let a cancel in first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      request.signal.throwIfAborted();
      const piece = samples.subarray(start, end);
      const offset = start / TRANSCRIBE_SAMPLE_RATE;
      const { text, words } = peak(piece) < QUIET_PEAK ? { text: '' } : await recognizer.recognize(piece, band);
      if (text) {
        chunks.push({
          text,
          timestamp: [offset, end / TRANSCRIBE_SAMPLE_RATE],
          ...(words && { words: words.map((w) => ({ word: w.word, start: offset + w.start, end: offset + w.end })) }),
        });
      }
      request.progress({ phase: 'transcribe', loaded: i + 1, total: bounds.length, message: text });
    }
    const transcript: Transcript = { text: chunks.map((c) => c.text).join(' '), chunks, model: recognizer.manifest.id, seconds: samples.length / TRANSCRIBE_SAMPLE_RATE };
    request.publish('speech.transcribed', transcript);
    return transcript;
  }
}

function peak(x: Float32Array): number {
  let p = 0;
  for (const v of x) p = Math.max(p, Math.abs(v));
  return p;
}
