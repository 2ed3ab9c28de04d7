/**
 * Universal Sentence Encoder lite as a sentence embedder: a TF.js graph model fed sparse token ids
 * from the library's sentencepiece tokenizer (the embedding step itself is use-embed.ts).
 * Files come through the runtime's cache; the TF.js backend is the runtime's measured choice.
 */
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import type { BackendChoice } from '../../src/runtime/backends/backend';
import { boot } from '../../src/runtime/serving/boot';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { ModelBytes } from '../../src/runtime/models/models';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { tf, tfBackends, tfjsHandler } from '../../src/runtime/backends/tf';
import { embedderFor, type UseLiteEmbedder } from './use-embed';

export interface SentenceEncoder extends UseLiteEmbedder {
  manifest: ModelManifest;
  /** Its backend (`choice.backend`) can change once the others are timed in the background. */
  choice: BackendChoice;
  modelLoadMs: number;
  bytes: number;
}

export async function loadUse(manifest: ModelManifest, runtime: Runtime, db: ServiceDb): Promise<SentenceEncoder> {
  // TF.js's WASM threads do not start from this lazily loaded chunk (each thread's importScripts of a blob
  // fails and crashes the replica), so USE lite runs its WASM single-threaded.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const booted = await boot({
    runtime,
    db,
    group: { models: [manifest], open: openUse },
    candidates: tfBackends(),
    warmup: (encoder) => encoder.embed(['The delivery was quick and the support team answered every question.']),
    backendKey: `backend:${manifest.id}`,
    // The text service reports its first model's backend; this one's measurement is kept in its setting.
    report: () => undefined,
    describes: false,
  });
  return { ...booted.model, choice: booted.choice, modelLoadMs: booted.modelLoadMs, bytes: booted.bytes!.bytes };
}

async function openUse(manifest: ModelManifest, files: ModelBytes): Promise<Pick<SentenceEncoder, 'manifest' | 'embed' | 'truncated'>> {
  const model = await tf.loadGraphModel(tfjsHandler(files, 'model.json'));
  const vocabulary = JSON.parse(new TextDecoder().decode(files.files.get(String(manifest.options?.vocabulary ?? 'vocab.json'))));
  return { manifest, ...embedderFor(tf, model, new Tokenizer(vocabulary)) };
}
