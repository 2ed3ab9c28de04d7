/** Seeded randomness and the stratified train / validation / test split: same seed, same rows, same order. */

/** mulberry32: a small, fast generator whose whole state is one 32-bit number. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, in place. */
export function shuffle<T extends { length: number; [i: number]: number }>(items: T, next: () => number): T {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
  return items;
}

export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export const HOLD_OUT = { validation: 0.15, test: 0.15 };

/**
 * Splits `rows` (row numbers) so each class keeps its share in every part (`strata` gives each row's
 * class; without it the split is plain random, as for regression). Every part gets at least one row of
 * each class that has three or more.
 */
export function stratifiedSplit(rows: ArrayLike<number>, seed: number, strata?: (row: number) => string): Split {
  const next = random(seed);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < rows.length; i += 1) {
    const key = strata ? strata(rows[i]!) : '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(rows[i]!);
  }
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  // Groups in a fixed order (by key), so the split depends on the seed and the data, not on row order of keys.
  for (const key of [...groups.keys()].sort()) {
    const group = shuffle(groups.get(key)!, next);
    const n = group.length;
    const test = n >= 3 ? Math.max(1, Math.round(n * HOLD_OUT.test)) : 0;
    const validation = n >= 3 ? Math.max(1, Math.round(n * HOLD_OUT.validation)) : 0;
    parts.test.push(...group.slice(0, test));
    parts.validation.push(...group.slice(test, test + validation));
    parts.train.push(...group.slice(test + validation));
  }
  return {
    train: shuffle(Int32Array.from(parts.train), next),
    validation: shuffle(Int32Array.from(parts.validation), next),
    test: shuffle(Int32Array.from(parts.test), next),
  };
}
