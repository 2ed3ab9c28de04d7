/**
 * Permutation feature importance: how much the held-out score drops when one column's values are
 * shuffled among the rows (so the model can no longer use that column, while its spread stays).
 * Only the shuffled column is encoded again, and the worker yields between columns: a 100-column
 * table must not starve the heartbeat or ignore a cancel.
 */
import type { Progress } from '../../src/core/protocol';
import { encode, encodeFeature, type Reader, type Transform } from './prepare';
import { random, shuffle } from './split';

/** Held-out rows used; more only slows the report without changing its order. */
const MAX_ROWS = 4000;

export interface ImportanceOptions {
  seed: number;
  signal: AbortSignal;
  /** The score (accuracy or R²) of the model on encoded rows. */
  scoreOf: (x: Float32Array, rows: Int32Array) => number;
  onProgress?: (progress: Progress) => void;
}

export async function permutationImportance(
  transform: Transform,
  read: Map<string, Reader>,
  rows: Int32Array,
  { seed, signal, scoreOf, onProgress }: ImportanceOptions,
): Promise<{ column: string; drop: number }[]> {
  const sample = rows.length > MAX_ROWS ? shuffle(Int32Array.from(rows), random(seed)).subarray(0, MAX_ROWS) : rows;
  const encoded = encode(transform, read, sample);
  const base = scoreOf(encoded, sample);
  const result: { column: string; drop: number }[] = [];
  for (const [i, { column }] of transform.features.entries()) {
    signal.throwIfAborted();
    onProgress?.({ phase: 'importance', loaded: i, total: transform.features.length, message: 'Shuffling each column to see what the model relies on' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const original = read.get(column)!;
    const moved = shuffle(Int32Array.from(sample), random(seed + 1 + i));
    const from = new Map<number, number>();
    sample.forEach((row, k) => from.set(row, moved[k]!));
    const x = encoded.slice();
    encodeFeature(transform, i, (row) => original(from.get(row) ?? row), sample, x);
    result.push({ column, drop: base - scoreOf(x, sample) });
  }
  return result.sort((a, b) => b.drop - a.drop);
}
