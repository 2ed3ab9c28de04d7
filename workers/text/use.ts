/**
 * Universal Sentence Encoder lite as a sentence embedder: a TF.js graph model fed sparse token ids
 * (`indices` = [row, position] pairs, `values` = ids) from the library's sentencepiece tokenizer.
 * Files come through the runtime's cache; the TF.js backend is the runtime's measured choice.
 */
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import type { BackendChoice } from '../../src/runtime/backend';
import { boot } from '../../src/runtime/boot';
import type { ModelManifest } from '../../src/runtime/manifest';
import type { ModelBytes } from '../../src/runtime/models';
import type { Runtime } from '../../src/runtime/serve';
import type { ServiceDb } from '../../src/runtime/store';
import { tf, tfBackends, tfjsHandler } from '../../src/runtime/tf';

/** Tokens USE lite reads of one text (its cost grows with length); the rest is cut and the text marked truncated. Same in models/use-node.mjs. */
export const USE_MAX_TOKENS = 512;

export interface SentenceEncoder {
  manifest: ModelManifest;
  /** Its backend (`choice.backend`) can change once the others are timed in the background. */
  choice: BackendChoice;
  modelLoadMs: number;
  bytes: number;
  /** Normalised embeddings, one per text. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Whether each text is longer than USE_MAX_TOKENS (only its beginning is embedded). */
  truncated(texts: string[]): boolean[];
}

/** The sentencepiece vocabulary's unknown piece (index 0). */
const UNKNOWN_ID = 0;

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
  const tokenizer = new Tokenizer(vocabulary);
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    // A text with no tokens at all (e.g. only an emoji the vocabulary lacks) gets the unknown token's place, not an empty row.
    const ids = texts.map((text) => tokenizer.encode(text).slice(0, USE_MAX_TOKENS)).map((row) => (row.length ? row : [UNKNOWN_ID]));
    const positions = ids.flatMap((row, i) => row.map((_, j) => [i, j]));
    const indices = tf.tensor2d(positions, [positions.length, 2], 'int32');
    const values = tf.tensor1d(ids.flat(), 'int32');
    const output = (await model.executeAsync({ indices, values })) as tf.Tensor2D;
    const normalised = tf.tidy(() => output.div(output.norm('euclidean', 1, true)));
    const data = (await normalised.data()) as Float32Array;
    tf.dispose([indices, values, output, normalised]);
    const width = data.length / texts.length;
    return texts.map((_, i) => data.slice(i * width, (i + 1) * width));
  };
  const truncated = (texts: string[]) => texts.map((text) => text.length > USE_MAX_TOKENS && tokenizer.encode(text).length > USE_MAX_TOKENS);
  return { manifest, embed, truncated };
}
