/**
 * The speech-to-text models, behind one shape: Whisper tiny.en (Transformers.js) where its files can be
 * reached, else CMU PocketSphinx with Debian's en-us model, which the app serves itself and so works offline.
 */
import pocketsphinxEnUs from '../../models/speech-pocketsphinx-en-us.json';
import whisperTinyEn from '../../models/speech-whisper-tiny-en.json';
import { firstThatLoads } from '../../src/runtime/alternatives';
import { loadModel } from '../../src/runtime/boot';
import { forcedModel } from '../../src/runtime/forced';
import { parseManifest, type ModelManifest } from '../../src/runtime/manifest';
import type { Runtime } from '../../src/runtime/serve';
import type { ServiceDb } from '../../src/runtime/store';
import { loadPipeline, type AnyPipeline } from '../../src/runtime/transformers';
import { TRANSCRIBE_SAMPLE_RATE } from './contract';
import { Sphinx, type SphinxWord } from './sphinx';

/** Tried in order until one loads. */
export const ASR_MODELS = [whisperTinyEn, pocketsphinxEnUs].map(parseManifest);
export const SPHINX_MODEL = ASR_MODELS.find((m) => m.runtime === 'pocketsphinx')!;

/** One loaded model: 16 kHz samples of one chunk in, its words out. */
export interface Recognizer {
  manifest: ModelManifest;
  chunkSeconds: number;
  recognize(samples: Float32Array): Promise<{ text: string; words?: SphinxWord[] }>;
}

/** The first model that loads (only the forced one under `?model=`); the error names every attempt. */
export async function loadRecognizer(runtime: Runtime, db: ServiceDb, sphinx: () => Promise<Sphinx>): Promise<Recognizer> {
  return firstThatLoads(
    ASR_MODELS,
    async (manifest) => (manifest.runtime === 'pocketsphinx' ? sphinxRecognizer(manifest, await sphinx()) : whisperRecognizer(manifest, runtime, db)),
    { service: 'speech', forced: forcedModel(runtime.init, ASR_MODELS) },
  );
}

/** PocketSphinx's module with the en-us files in place, through the runtime's loader (cache, sha256, progress). */
export async function loadSphinx(runtime: Runtime, db: ServiceDb): Promise<Sphinx> {
  const bytes = await loadModel(SPHINX_MODEL, runtime, db);
  return Sphinx.load(SPHINX_MODEL, bytes.files);
}

async function sphinxRecognizer(manifest: ModelManifest, sphinx: Sphinx): Promise<Recognizer> {
  // Every frame searched, silence too: word times then count from the chunk's start (the cut is at a quiet moment anyway).
  const decoder = sphinx.decoder('-remove_silence no');
  return {
    manifest,
    chunkSeconds: chunkSeconds(manifest),
    recognize: async (samples) => decoder.utterance(samples),
  };
}

async function whisperRecognizer(manifest: ModelManifest, runtime: Runtime, db: ServiceDb): Promise<Recognizer> {
  const second = new Float32Array(TRANSCRIBE_SAMPLE_RATE);
  second.forEach((_, i) => (second[i] = 0.1 * Math.sin(i / 10)));
  const { pipe } = await loadPipeline<AnyPipeline>('automatic-speech-recognition', manifest, { runtime, db, warmup: (p) => p(second) });
  return {
    manifest,
    chunkSeconds: chunkSeconds(manifest),
    recognize: async (samples) => ({ text: ((await pipe(samples)) as { text: string }).text.trim() }),
  };
}

function chunkSeconds(manifest: ModelManifest): number {
  return (manifest.options?.chunkSeconds as number | undefined) ?? 15;
}
