/** USE lite's embedding step, shared by the worker, the build scripts and the bench: what it feeds the graph and what it gives back. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The embedding step uses chained ops (output.div, output.norm), as every TF.js build the callers load registers.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { describe, expect, it } from 'vitest';
import { USE_MAX_TOKENS, embedderFor, type UseGraph } from '../../workers/text/use-embed';

/** A stand-in for the graph: each text's vector is [token count, first id], so the test sees what went in. */
const graph: UseGraph & { rows: number[][] } = {
  rows: [],
  async executeAsync({ indices, values }) {
    const positions = (await indices.array()) as number[][];
    const ids = (await values.data()) as Int32Array;
    const rows = Math.max(...positions.map(([row]) => row!)) + 1;
    this.rows = Array.from({ length: rows }, (_, row) => positions.flatMap(([r], k) => (r === row ? [ids[k]!] : [])));
    return tf.tensor2d(this.rows.map((row) => [row.length, row[0]! + 1]));
  },
};
const tokenizer = { encode: (text: string) => (text ? text.split(' ').map((word) => word.length) : []) };

describe('embedderFor (USE lite)', () => {
  it('feeds each text as sparse ids, at most USE_MAX_TOKENS of them, the unknown piece for a text with none', async () => {
    await tf.setBackend('cpu');
    const long = Array.from({ length: USE_MAX_TOKENS + 10 }, () => 'ab').join(' ');
    const { embed, truncated } = embedderFor(tf, graph, tokenizer);
    const vectors = await embed(['abc d', '', long]);
    expect(graph.rows.map((row) => row.length)).toEqual([2, 1, USE_MAX_TOKENS]);
    expect(graph.rows[1]).toEqual([0]);
    // Normalised: [2, 4] → [0.447, 0.894].
    expect(Array.from(vectors[0]!)).toEqual([expect.closeTo(1 / Math.sqrt(5), 6), expect.closeTo(2 / Math.sqrt(5), 6)]);
    expect(vectors.map((v) => Math.hypot(...v))).toEqual(vectors.map(() => expect.closeTo(1, 6)));
    expect(truncated(['abc d', long])).toEqual([false, true]);
  });
});
