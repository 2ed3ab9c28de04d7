/**
 * USE lite's embedding step: sparse token ids in (`indices` = [row, position] pairs, `values` = ids), one
 * normalised vector per text out. The worker (use.ts), the build scripts in Node (models/use-node.mjs) and the
 * bench's direct call (bench/sentiment-direct.mjs) all run this one, so a head trained in Node and the direct
 * baseline see what the browser's worker computes. TF.js comes in as an argument: each caller has its own build.
 */
import type * as Tf from '@tensorflow/tfjs-core';

/** Tokens USE lite reads of one text (its cost grows with length); the rest is cut and the text marked truncated. */
export const USE_MAX_TOKENS = 512;
/** The sentencepiece vocabulary's unknown piece (index 0). */
const UNKNOWN_ID = 0;

export interface UseGraph {
  executeAsync(inputs: { indices: Tf.Tensor; values: Tf.Tensor }): Promise<Tf.Tensor | Tf.Tensor[]>;
}

export interface UseTokenizer {
  encode(text: string): number[];
}

export interface UseLiteEmbedder {
  /** Normalised embeddings, one per text. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Whether each text is longer than USE_MAX_TOKENS (only its beginning is embedded). */
  truncated(texts: string[]): boolean[];
}

export function embedderFor(tf: Pick<typeof Tf, 'tensor1d' | 'tensor2d' | 'tidy' | 'dispose'>, model: UseGraph, tokenizer: UseTokenizer): UseLiteEmbedder {
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    // A text with no tokens at all (e.g. only an emoji the vocabulary lacks) gets the unknown token's place, not an empty row.
    const ids = texts.map((text) => tokenizer.encode(text).slice(0, USE_MAX_TOKENS)).map((row) => (row.length ? row : [UNKNOWN_ID]));
    const positions = ids.flatMap((row, i) => row.map((_, j) => [i, j]));
    const indices = tf.tensor2d(positions, [positions.length, 2], 'int32');
    const values = tf.tensor1d(ids.flat(), 'int32');
    const output = (await model.executeAsync({ indices, values })) as Tf.Tensor2D;
    const normalised = tf.tidy(() => output.div(output.norm('euclidean', 1, true)));
    const data = (await normalised.data()) as Float32Array;
    tf.dispose([indices, values, output, normalised]);
    const width = data.length / texts.length;
    return texts.map((_, i) => data.slice(i * width, (i + 1) * width));
  };
  const truncated = (texts: string[]) => texts.map((text) => text.length > USE_MAX_TOKENS && tokenizer.encode(text).length > USE_MAX_TOKENS);
  return { embed, truncated };
}
