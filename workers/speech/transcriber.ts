/**
 * Transcription through Transformers.js's automatic-speech-recognition pipeline: Whisper tiny.en where
 * its files can be reached, else the project's own character-CTC model in the wav2vec2 layout. Loaded on
 * the first transcription, so voice commands start without waiting for it. Long recordings are cut into
 * chunks at their quietest moments, each chunk is one pipeline call: progress and cancellation in between.
 */
import asrInpage from '../../models/speech-asr-inpage-ctc.json';
import whisperTinyEn from '../../models/speech-whisper-tiny-en.json';
import { InPageError } from '../../src/bus/errors';
import { parseManifest, type ModelManifest } from '../../src/runtime/manifest';
import type { RequestContext, Runtime } from '../../src/runtime/serve';
import type { ServiceDb } from '../../src/runtime/store';
import { loadPipeline, type AnyPipeline, type LoadedPipeline } from '../../src/runtime/transformers';
import { TRANSCRIBE_SAMPLE_RATE, type Samples, type Transcript, type TranscriptChunk } from './contract';
import { chunkBounds } from './chunks';
import { resampleLinear } from './spectrogram';

/** Tried in order until one loads: the default (Whisper tiny.en), then the project's own model. */
export const ASR_MODELS = [whisperTinyEn, asrInpage].map(parseManifest);
/** A chunk with a peak under this is silence: no pipeline call, no text. */
const QUIET_PEAK = 5e-3;

export class Transcriber {
  private loading: Promise<LoadedPipeline> | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly db: ServiceDb,
  ) {}

  async transcribe(audio: Samples, request: RequestContext): Promise<Transcript> {
    const { pipe, manifest } = await (this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined; // a later call may find the files (back online, mirror filled)
      throw error;
    }));
    request.signal.throwIfAborted();
    const samples = resampleLinear(audio.samples, audio.sampleRate, TRANSCRIBE_SAMPLE_RATE);
    const chunkSeconds = (manifest.options?.chunkSeconds as number | undefined) ?? 15;
    const bounds = chunkBounds(samples, chunkSeconds * TRANSCRIBE_SAMPLE_RATE, TRANSCRIBE_SAMPLE_RATE);
    const chunks: TranscriptChunk[] = [];
    for (const [i, [start, end]] of bounds.entries()) {
      request.signal.throwIfAborted();
      const piece = samples.subarray(start, end);
      const text = peak(piece) < QUIET_PEAK ? '' : ((await pipe(piece)) as { text: string }).text.trim();
      const timestamp: [number, number] = [start / TRANSCRIBE_SAMPLE_RATE, end / TRANSCRIBE_SAMPLE_RATE];
      if (text) chunks.push({ text, timestamp });
      request.progress({ phase: 'transcribe', loaded: i + 1, total: bounds.length, message: text });
    }
    const transcript: Transcript = { text: chunks.map((c) => c.text).join(' '), chunks, model: manifest.id, seconds: samples.length / TRANSCRIBE_SAMPLE_RATE };
    request.publish('speech.transcribed', transcript);
    return transcript;
  }

  private async load(): Promise<LoadedPipeline> {
    const forced = this.runtime.init.model;
    const order: ModelManifest[] = ASR_MODELS.some((m) => m.id === forced) ? ASR_MODELS.filter((m) => m.id === forced) : ASR_MODELS;
    const failures: InPageError[] = [];
    const second = new Float32Array(TRANSCRIBE_SAMPLE_RATE);
    second.forEach((_, i) => (second[i] = 0.1 * Math.sin(i / 10)));
    for (const manifest of order) {
      try {
        return await loadPipeline<AnyPipeline>('automatic-speech-recognition', manifest, { runtime: this.runtime, db: this.db, warmup: (pipe) => pipe(second) });
      } catch (error) {
        failures.push(InPageError.from(error, 'speech'));
      }
    }
    const unavailable = failures.every((f) => f.code === 'MODEL_UNAVAILABLE');
    throw new InPageError(unavailable ? 'MODEL_UNAVAILABLE' : 'INTERNAL', failures.map((f) => f.message).join(' '), 'speech');
  }
}

function peak(x: Float32Array): number {
  let p = 0;
  for (const v of x) p = Math.max(p, Math.abs(v));
  return p;
}
