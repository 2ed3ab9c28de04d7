// WASM threads on and off, per model, and replicas × threads with 4 requests in flight: the numbers the
// default thread count (src/runtime/threads.ts) was chosen from. Same page, same image or text, one run.
/* global window, crossOriginIsolated -- used inside page.evaluate */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODEL_ID } from './direct.mjs';
import { ms, ratio, record, root, stats, table } from './harness.mjs';

const SECTION = 'threads';
const RUNS = 20;
const BURST = 24;

const WORKLOADS = {
  image: { query: `&model=${MODEL_ID}`, call: (ai, image) => ai.image.classify(image, { topK: 1 }) },
  text: { query: '', call: (ai) => ai.text.classify('Your parcel is on its way, track it here: http://example.com/t/123', { model: 'spam-detector' }) },
};

export async function run(bench) {
  const image = readFileSync(resolve(root, '../shared/fixtures/images/chelsea.png')).toString('base64');
  console.log(`WASM threads per replica: sequential latency (N=${RUNS}) and throughput of ${BURST} requests, 4 in flight`);
  for (const [service, workload] of Object.entries(WORKLOADS)) {
    const rows = [];
    const seen = {};
    for (const [replicas, threads] of [[1, 1], [1, 2], [2, 1], [2, 2]]) {
      const { context, page } = await bench.openPage(`?backend=wasm&threads=${threads}${workload.query}`);
      const result = await page.evaluate(
        async ({ service, call, image, replicas, runs, burst }) => {
          const { ai } = window;
          const blob = new Blob([Uint8Array.from(atob(image), (c) => c.charCodeAt(0))], { type: 'image/png' });
          const once = new Function('ai', 'image', `return (${call})(ai, image)`);
          await ai.scale(service, replicas);
          // Every replica warm before timing: requests spread over them.
          for (let i = 0; i < 4 * replicas; i += 1) await Promise.all(Array.from({ length: replicas }, () => once(ai, blob)));
          const latencies = [];
          for (let i = 0; i < runs; i += 1) {
            const started = performance.now();
            await once(ai, blob);
            latencies.push(performance.now() - started);
          }
          let next = 0;
          const started = performance.now();
          await Promise.all(Array.from({ length: 4 }, async () => {
            while (next < burst) {
              next += 1;
              await once(ai, blob);
            }
          }));
          const perSecond = burst / ((performance.now() - started) / 1000);
          const replica = (await ai.metrics())[service].replicas[0];
          return { latencies, perSecond, threads: replica.threads, isolated: crossOriginIsolated };
        },
        { service, call: workload.call.toString(), image, replicas, runs: RUNS, burst: BURST },
      );
      await context.close();
      const key = `${replicas}x${threads}`;
      seen[key] = { median: stats(result.latencies).median, perSecond: result.perSecond };
      rows.push([`${replicas} replica(s) × ${result.threads} thread(s)`, ms(seen[key].median), result.perSecond.toFixed(1)]);
      if (!result.isolated) throw new Error('the bench page is not cross-origin isolated');
    }
    console.log(`\n${service}:`);
    table(['', 'median ms', 'per second (4 in flight)'], rows);
    const speedup = seen['1x1'].median / seen['1x2'].median;
    const scaling1 = seen['2x1'].perSecond / seen['1x1'].perSecond;
    const scaling2 = seen['2x2'].perSecond / seen['1x2'].perSecond;
    table(['', ''], [
      ['latency 1 thread / 2 threads', ratio(speedup)],
      ['throughput 2 replicas / 1 (1 thread each)', ratio(scaling1)],
      ['throughput 2 replicas / 1 (2 threads each)', ratio(scaling2)],
      ['throughput 1×2 threads / 2×1', ratio(seen['1x2'].perSecond / seen['2x1'].perSecond)],
    ]);
    record(SECTION, `${service}: latency speed-up, 2 threads vs 1`, speedup, { unit: 'x' });
    record(SECTION, `${service}: throughput, 2 replicas vs 1 (1 thread each, 4 in flight)`, scaling1, { unit: 'x', target: '>= 1.7' });
    record(SECTION, `${service}: throughput, 2 replicas vs 1 (2 threads each, 4 in flight)`, scaling2, { unit: 'x' });
    record(SECTION, `${service}: median latency, 1 replica × 1 thread`, seen['1x1'].median, { unit: 'ms' });
    record(SECTION, `${service}: median latency, 1 replica × 2 threads`, seen['1x2'].median, { unit: 'ms' });
  }
}
