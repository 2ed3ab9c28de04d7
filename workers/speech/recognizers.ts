/**
 * The speech-to-text models, behind one shape: Whisper tiny.en (Transformers.js) where its files can be
 * reached, else CMU PocketSphinx with Debian's en-us model, which the app serves itself and so works offline.
 */
import { InPageError } from '../../src/core/errors';
import { firstThatLoads } from '../../src/runtime/serving/alternatives';
import { loadModel } from '../../src/runtime/serving/boot';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { loadPipeline, type AnyPipeline } from '../../src/runtime/backends/transformers';
import { TRANSCRIBE_SAMPLE_RATE } from './contract';
import type { Band } from './band';
import { Sphinx, type SphinxDecoder, type SphinxWord } from './sphinx';

/** The descriptor's transcription group, tried in order until one loads. */
const transcription = (runtime: Pick<Runtime, 'group'>) => runtime.group('transcription');

/** The group's PocketSphinx model: live captions use it whichever model transcribes. */
export function sphinxModel(runtime: Pick<Runtime, 'group'>): ModelManifest {
  const manifest = transcription(runtime).models.find((m) => m.runtime === 'pocketsphinx');
  if (!manifest) throw new InPageError('INTERNAL', 'The speech service\'s transcription group has no PocketSphinx model.', 'speech');
  return manifest;
}

/** One loaded model: 16 kHz samples of one chunk, and the band of the whole recording, in; its words out. */
export interface Recognizer {
  manifest: ModelManifest;
  chunkSeconds: number;
  recognize(samples: Float32Array, band: Band): Promise<{ text: string; words?: SphinxWord[] }>;
}

/** The first model that loads (only the forced one under `?model=`); the error names every attempt. */
export async function loadRecognizer(runtime: Runtime, db: ServiceDb, sphinx: () => Promise<Sphinx>): Promise<Recognizer> {
  const group = transcription(runtime);
  return firstThatLoads(
    group.models,
    async (manifest) => (manifest.runtime === 'pocketsphinx' ? sphinxRecognizer(manifest, await sphinx()) : whisperRecognizer(manifest, runtime, db)),
    { service: 'speech', forced: group.forced },
  );
}

/** PocketSphinx's module with the en-us files in place, through the runtime's loader (cache, sha256, progress). */
export async function loadSphinx(runtime: Runtime, db: ServiceDb): Promise<Sphinx> {
  const manifest = sphinxModel(runtime);
  const bytes = await loadModel(manifest, runtime, db);
  return Sphinx.load(manifest, bytes.files);
}

async function sphinxRecognizer(manifest: ModelManifest, sphinx: Sphinx): Promise<Recognizer> {
  // Every frame searched, silence too: word times then count from the chunk's start (the cut is at a quiet moment anyway).
  const wide = sphinx.decoder('-remove_silence no');
  let telephone: SphinxDecoder | undefined;
  return {
    manifest,
    chunkSeconds: chunkSeconds(manifest),
    recognize: async (samples, band) => (band === 'wide' ? wide : (telephone ??= sphinx.decoder('-remove_silence no', 'telephone'))).utterance(samples),
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
