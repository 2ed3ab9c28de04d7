import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../src/runtime/serving/coalesce';

/** A model stand-in that records each run's batch and answers each text with its upper case. */
function recorder(fail?: (texts: string[]) => boolean) {
  const runs: string[][] = [];
  const run = async (texts: string[]) => {
    runs.push(texts);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fail?.(texts)) throw new Error('the model failed');
    return texts.map((t) => t.toUpperCase());
  };
  return { runs, run };
}

const live = () => new AbortController().signal;

describe('Coalescer: small requests for one model run as one batch', () => {
  it('runs requests sent in the same task together and gives each its own answers, in order', async () => {
    const { runs, run } = recorder();
    const joined = new Coalescer(run, 32);
    const answers = await Promise.all([['a'], ['b', 'c'], ['d']].map((texts) => joined.submit(texts, live())));
    expect(answers).toEqual([['A'], ['B', 'C'], ['D']]);
    expect(runs).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('joins requests sent while a batch runs into the next batch, not one run each', async () => {
    const { runs, run } = recorder();
    const joined = new Coalescer(run, 32);
    const first = joined.submit(['first'], live());
    await new Promise((resolve) => setTimeout(resolve, 1)); // the first batch is running now
    const later = ['x', 'y', 'z'].map((t) => joined.submit([t], live()));
    expect(await first).toEqual(['FIRST']);
    expect(await Promise.all(later)).toEqual([['X'], ['Y'], ['Z']]);
    expect(runs).toEqual([['first'], ['x', 'y', 'z']]);
  });

  it('holds at most `max` texts per run, keeping requests whole', async () => {
    const { runs, run } = recorder();
    const joined = new Coalescer(run, 4);
    await Promise.all([['a', 'b', 'c'], ['d', 'e'], ['f']].map((texts) => joined.submit(texts, live())));
    expect(runs).toEqual([['a', 'b', 'c'], ['d', 'e', 'f']]);
  });

  it('answers a request cancelled while it waits with its reason, and leaves it out of the run', async () => {
    const { runs, run } = recorder();
    const joined = new Coalescer(run, 32);
    const cancelled = new AbortController();
    const gone = joined.submit(['gone'], cancelled.signal);
    const kept = joined.submit(['kept'], live());
    cancelled.abort(new Error('cancelled by the caller'));
    await expect(gone).rejects.toThrow('cancelled by the caller');
    expect(await kept).toEqual(['KEPT']);
    expect(runs).toEqual([['kept']]);
  });

  it('fails every request of a failed run, and runs the next batch as usual', async () => {
    const { runs, run } = recorder((texts) => texts.includes('bad'));
    const joined = new Coalescer(run, 32);
    const failed = [joined.submit(['bad'], live()), joined.submit(['good'], live())];
    for (const request of failed) await expect(request).rejects.toThrow('the model failed');
    expect(await joined.submit(['after'], live())).toEqual(['AFTER']);
    expect(runs).toEqual([['bad', 'good'], ['after']]);
  });
});
