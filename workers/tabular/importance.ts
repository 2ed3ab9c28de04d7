/**
 * Permutation feature importance: how much the held-out score drops when one column's values are
 * shuffled among the rows (so the model can no longer use that column, while its spread stays).
 */
import { encode, type Reader, type Transform } from './prepare';
import { random, shuffle } from './split';

/** Held-out rows used; more only slows the report without changing its order. */
const MAX_ROWS = 4000;

export function permutationImportance(
  transform: Transform,
  read: Map<string, Reader>,
  rows: Int32Array,
  seed: number,
  scoreOf: (x: Float32Array, rows: Int32Array) => number,
): { column: string; drop: number }[] {
  const sample = rows.length > MAX_ROWS ? shuffle(Int32Array.from(rows), random(seed)).subarray(0, MAX_ROWS) : rows;
  const base = scoreOf(encode(transform, read, sample), sample);
  const result = transform.features.map(({ column }, i) => {
    const original = read.get(column)!;
    const moved = shuffle(Int32Array.from(sample), random(seed + 1 + i));
    const from = new Map<number, number>();
    sample.forEach((row, k) => from.set(row, moved[k]!));
    const permuted = new Map(read).set(column, (row: number) => original(from.get(row) ?? row));
    return { column, drop: base - scoreOf(encode(transform, permuted, sample), sample) };
  });
  return result.sort((a, b) => b.drop - a.drop);
}
