// The image service: SDK vs the same model called directly with TF.js on the page, the bus round
// trip, each backend's warm latency, and what the service's own measurement picks.
/* global window, createImageBitmap -- used inside page.evaluate */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDirect, loadDirectOnnx, MODEL_DIR, MODEL_DIRS, MODEL_ID } from './direct.mjs';
import { ms, ratio, record, root, stats, table } from './harness.mjs';
import { sdkAgainstDirect } from './sdk-against-direct.mjs';

const IMAGE = 'chelsea.png';
const IMAGE_PATH = resolve(root, 'tests/fixtures/images', IMAGE);
const BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'];
const WARMUP = 5;
const N_CLASSIFY = 30;
const N_PING = 200;
const N_BACKEND = 10;
const BACKEND_BUDGET_MS = 60_000;

let openPage;
let imageData;

export async function run(bench) {
  if (!existsSync(IMAGE_PATH)) throw new Error(`the fixture ${IMAGE_PATH} is missing.`);
  imageData = readFileSync(IMAGE_PATH).toString('base64');
  openPage = async (query) => {
    const opened = await bench.openPage(query);
    await opened.page.evaluate(({ data, type }) => {
      window.benchImage = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type });
    }, { data: imageData, type: 'image/png' });
    return opened;
  };
  const modelCheck = await fetch(`${bench.origin}${MODEL_DIR}model.json`);
  if (!modelCheck.ok) throw new Error(`the model mirror has no ${MODEL_DIR}model.json (INPAGE_MODELS_DIR=${process.env.INPAGE_MODELS_DIR}).`);
  console.log(`Image service: image ${IMAGE}, model ${MODEL_ID}\n`);
  await sdkVersusDirect();
  for (const model of Object.keys(MODEL_DIRS)) await phases(model);
  for (const model of Object.keys(MODEL_DIRS)) await runtimes(model);
  await backends();
  await serviceChoice();
}

async function sdkVersusDirect() {
  const { context, page } = await openPage(`?backend=wasm&model=${MODEL_ID}`);
  // The direct call runs as many WASM threads as the replica does: the same backend, set up alike.
  const threads = await page.evaluate(async () => (await window.ai.image.ping(), (await window.ai.metrics()).image.replicas[0].threads));
  await loadDirect(page, { backend: 'wasm', threads });
  const { sdk, direct } = await page.evaluate(sdkAgainstDirect, { warmup: WARMUP, n: N_CLASSIFY });
  const { ping, pingMean, decode, worker } = await page.evaluate(
    async ({ n, nPing }) => {
      const { ai, benchImage } = window;
      const time = async (fn) => {
        const started = performance.now();
        await fn();
        return performance.now() - started;
      };
      // The page's own decode of the same file: the part of the direct call that is not inference.
      const decode = [];
      for (let i = 0; i < n; i += 1) decode.push(await time(async () => (await createImageBitmap(benchImage)).close()));
      // The worker's own time per classify (its handle(): checks, decode, inference, reply), from its next heartbeat.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const worker = (await ai.metrics()).image.replicas[0].methods.classify.p50;
      const ping = [];
      for (let i = 0; i < 10; i += 1) await ai.ping('image');
      const pingStarted = performance.now();
      for (let i = 0; i < nPing; i += 1) ping.push(await ai.ping('image'));
      const pingMean = (performance.now() - pingStarted) / nPing;
      return { ping, pingMean, decode, worker };
    },
    { n: N_CLASSIFY, nPing: N_PING },
  );
  await context.close();

  const s = stats(sdk);
  const d = stats(direct);
  const p = stats(ping);
  console.log(`SDK vs direct TF.js on the page: backend wasm, N=${N_CLASSIFY} each, interleaved, after ${WARMUP} warm-ups`);
  table(
    ['', 'median', 'p95', 'min'],
    [
      ['ai.image.classify(blob)', ms(s.median), ms(s.p95), ms(s.min)],
      ['direct TF.js call', ms(d.median), ms(d.p95), ms(d.min)],
      ['ratio SDK/direct', ratio(s.median / d.median), ratio(s.p95 / d.p95), ratio(s.min / d.min)],
    ],
  );
  record('image', 'ai.image.classify / direct TF.js (median, wasm)', s.median / d.median, { unit: 'x', target: '<= 1.05' });
  overheadBreakdown(s.median, d.median, stats(decode).median, worker, pingMean);
  record('image', 'bus round trip of ai.ping (mean)', pingMean, { unit: 'ms' });
  console.log(`\nBus round trip of a no-op request: ai.ping('image'), N=${N_PING} back to back after 10 warm-ups`);
  table(['', 'median', 'p95', 'mean'], [["ai.ping('image')", ms(p.median), ms(p.p95), ms(pingMean)]]);
  console.log('  (performance.now() is coarsened to 0.1 ms on a page that is not cross-origin isolated; the mean is total time / N)');
}

/**
 * Where the SDK's time goes beside the direct call's (medians, so the parts add up only roughly): the
 * worker's own handle() time (from its stats) and what is left for the bus and the messages both ways;
 * the direct call's decode (timed alone on the page) and inference.
 */
function overheadBreakdown(sdk, direct, decode, worker, ping) {
  console.log('\nWhere the time goes (medians, ms)');
  table(
    ['', 'ms', 'share of the SDK call'],
    [
      ['ai.image.classify on the page', ms(sdk), '100%'],
      ['  inside the worker (checks, decode, inference, reply)', ms(worker), pct(worker / sdk)],
      ['  bus, messages and transfer both ways (the rest)', ms(sdk - worker), pct((sdk - worker) / sdk)],
      ['  of which a no-op round trip (ai.ping)', ms(ping), pct(ping / sdk)],
      ['direct call on the page', ms(direct), pct(direct / sdk)],
      ['  decode (createImageBitmap on the page)', ms(decode), pct(decode / sdk)],
      ['  inference and top-5 (the rest)', ms(direct - decode), pct((direct - decode) / sdk)],
      ['worker time minus direct time (the worker\'s extra work)', ms(worker - direct), pct((worker - direct) / sdk)],
    ],
  );
  record('image', 'SDK call: time inside the worker (median)', worker, { unit: 'ms' });
  record('image', 'SDK call: bus and messages (SDK median minus worker median)', sdk - worker, { unit: 'ms' });
  record('image', 'direct call: decode on the page (median)', decode, { unit: 'ms' });
}

function pct(value) {
  return `${(value * 100).toFixed(0)}%`;
}

/**
 * The classify call beside the model's forward pass alone (predict on a batch already in shape, on the
 * page, same backend and threads), interleaved in one run; the worker's own phases from its report; and
 * the path of the release before (full-size decode, resize in TF.js, all values read and sorted) on the page.
 */
async function phases(model) {
  const { context, page } = await openPage(`?backend=wasm&model=${model}`);
  const threads = await page.evaluate(async () => (await window.ai.image.ping(), (await window.ai.metrics()).image.replicas[0].threads));
  await loadDirect(page, { backend: 'wasm', threads, model });
  const result = await page.evaluate(
    async ({ warmup, n }) => {
      const { ai, inpageDirect, benchImage } = window;
      const time = async (fn) => {
        const started = performance.now();
        await fn();
        return performance.now() - started;
      };
      const calls = {
        sdk: () => ai.image.classify(benchImage, { topK: 5 }),
        forward: () => inpageDirect.forward(),
        before: () => inpageDirect.classifyAsBefore(benchImage, 5),
      };
      for (let i = 0; i < warmup; i += 1) for (const call of Object.values(calls)) await call();
      const times = { sdk: [], forward: [], before: [] };
      for (let i = 0; i < n; i += 1) for (const [name, call] of Object.entries(calls)) times[name].push(await time(call));
      // The replica's phases come with its next heartbeat.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const replica = (await ai.metrics()).image.replicas[0];
      return { times, phases: replica.phases ?? {}, worker: replica.methods.classify.p50, ran: replica.model };
    },
    { warmup: WARMUP, n: N_CLASSIFY },
  );
  await context.close();
  if (result.ran !== model) throw new Error(`the service ran ${result.ran}, not ${model}`);
  const sdk = stats(result.times.sdk).median;
  const forward = stats(result.times.forward).median;
  const before = stats(result.times.before).median;
  const phase = (name) => result.phases[name]?.p50;
  const inPhases = ['decode', 'to tensor', 'forward', 'top-k'].reduce((sum, name) => sum + (phase(name) ?? 0), 0);
  console.log(`\nClassify beside the forward pass alone: ${model}, backend wasm, ${threads} thread(s), N=${N_CLASSIFY} each, interleaved`);
  table(
    ['', 'median ms', 'x forward'],
    [
      ['forward pass alone (page, batch in shape, output read)', ms(forward), ratio(1)],
      ['ai.image.classify(blob), top-5', ms(sdk), ratio(sdk / forward)],
      ['  decode (straight to the model size, in the worker)', ms(phase('decode')), ratio(phase('decode') / forward)],
      ['  to tensor', ms(phase('to tensor')), ratio(phase('to tensor') / forward)],
      ['  forward (in the worker)', ms(phase('forward')), ratio(phase('forward') / forward)],
      ['  top-k (sorted in the backend, k values read)', ms(phase('top-k')), ratio(phase('top-k') / forward)],
      ['  the rest of the worker (checks, dispatch)', ms(result.worker - inPhases), ratio((result.worker - inPhases) / forward)],
      ['  reply and request messages (SDK minus worker)', ms(sdk - result.worker), ratio((sdk - result.worker) / forward)],
      ['the path before, on the page (full decode, TF.js resize, 1000 read)', ms(before), ratio(before / forward)],
    ],
  );
  console.log('  (phases are the worker\'s medians, so they add up only roughly to the call\'s median)');
  record('image', `${model}: classify median / forward pass alone (wasm)`, sdk / forward, { unit: 'x', target: '<= 1.3' });
  record('image', `${model}: forward pass alone (median)`, forward, { unit: 'ms' });
}

/**
 * TF.js's wasm against ONNX Runtime Web's wasm on identical weights (the ONNX conversion of the same float16
 * files) and identical inputs (one photo, preprocessed once): both forward passes on the page, interleaved,
 * and how far apart their outputs are; then the image call on ONNX Runtime through the SDK beside today's
 * direct TF.js path on the page (decode, TF.js forward, top-5), interleaved in the same run.
 */
async function runtimes(model) {
  const { context, page } = await openPage(`?backend=onnx-wasm&model=${model}`);
  const threads = await page.evaluate(async () => (await window.ai.image.ping(), (await window.ai.metrics()).image.replicas[0].threads));
  await loadDirect(page, { backend: 'wasm', threads, model });
  const { ort } = await loadDirectOnnx(page, { threads, model });
  const result = await page.evaluate(
    async ({ warmup, n }) => {
      const { ai, inpageDirect, inpageOnnx, benchImage } = window;
      const time = async (fn) => {
        const started = performance.now();
        await fn();
        return performance.now() - started;
      };
      const input = await inpageDirect.inputOf(benchImage);
      const [tfOut, ortOut] = [await inpageDirect.run(input), await inpageOnnx.run(input)];
      const apart = (a, b) => a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
      const calls = {
        tfjs: () => inpageDirect.run(input),
        onnx: () => inpageOnnx.run(input),
        sdk: () => ai.image.classify(benchImage, { topK: 5 }),
        direct: () => inpageDirect.classify(benchImage, 5),
      };
      for (let i = 0; i < warmup; i += 1) for (const call of Object.values(calls)) await call();
      const times = { tfjs: [], onnx: [], sdk: [], direct: [] };
      for (let i = 0; i < n; i += 1) for (const [name, call] of Object.entries(calls)) times[name].push(await time(call));
      // The replica's phases come with its next heartbeat.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const replica = (await ai.metrics()).image.replicas[0];
      return {
        times,
        phases: replica.phases ?? {},
        worker: replica.methods.classify.p50,
        probabilities: apart(tfOut.probabilities, ortOut.probabilities),
        embedding: apart(tfOut.embedding, ortOut.embedding),
        sizes: [tfOut.probabilities.length, ortOut.probabilities.length, tfOut.embedding.length, ortOut.embedding.length],
        served: { backend: replica.backend, model: replica.model },
      };
    },
    { warmup: WARMUP, n: N_CLASSIFY },
  );
  await context.close();
  if (result.served.backend !== 'onnx-wasm' || result.served.model !== model) throw new Error(`the service ran ${result.served.model} on ${result.served.backend}`);
  const [tfjs, onnx, sdk, direct] = ['tfjs', 'onnx', 'sdk', 'direct'].map((name) => stats(result.times[name]).median);
  const phase = (name) => result.phases[name]?.p50;
  console.log(`\nTF.js wasm against ONNX Runtime Web ${ort} wasm: ${model}, identical weights and input, ${threads} thread(s), N=${N_CLASSIFY} each, interleaved`);
  table(
    ['', 'median ms', 'x TF.js forward'],
    [
      ['TF.js wasm: forward pass (probabilities and embedding read)', ms(tfjs), ratio(1)],
      ['ONNX Runtime wasm: forward pass (the same outputs)', ms(onnx), ratio(onnx / tfjs)],
      ['ai.image.classify(blob) on onnx-wasm, top-5', ms(sdk), ratio(sdk / tfjs)],
      ...['decode', 'to tensor', 'forward', 'top-k'].map((name) => [`  ${name} (in the worker)`, ms(phase(name)), ratio(phase(name) / tfjs)]),
      ['  reply and request messages (SDK minus worker)', ms(sdk - result.worker), ratio((sdk - result.worker) / tfjs)],
      ["today's direct TF.js path on the page (decode, forward, top-5)", ms(direct), ratio(direct / tfjs)],
    ],
  );
  console.log(`  outputs apart at most: probabilities ${result.probabilities.toExponential(2)}, embedding ${result.embedding.toExponential(2)} (sizes ${result.sizes.join(', ')})`);
  if (!(result.probabilities <= 1e-4 && result.embedding <= 1e-4)) throw new Error(`the two runtimes disagree by more than 1e-4 on ${model}`);
  record('image', `${model}: ONNX Runtime wasm forward / TF.js wasm forward (identical weights and input)`, onnx / tfjs, { unit: 'x' });
  record('image', `${model}: the two runtimes' outputs apart at most (probabilities, embedding)`, Math.max(result.probabilities, result.embedding), { target: '<= 1e-4' });
  record('image', `${model}: classify on onnx-wasm through the SDK / today's direct TF.js path`, sdk / direct, { unit: 'x', target: '<= 0.5' });
}

async function backends() {
  console.log(`\nWarm classify through the SDK per backend: ?backend=NAME, fresh context each, up to ${N_BACKEND} runs or ${BACKEND_BUDGET_MS / 1000} s`);
  const rows = [];
  for (const backend of BACKENDS) {
    const { context, page } = await openPage(`?backend=${backend}&model=${MODEL_ID}`);
    const result = await page.evaluate(
      async ({ backend, runs, budgetMs }) => {
        const { ai, benchImage } = window;
        const began = performance.now();
        const classify = () => ai.image.classify(benchImage, { topK: 5, timeoutMs: budgetMs });
        try {
          await classify(); // starts the service: load, forced backend, warm-up
        } catch (error) {
          return { backend, error: error.message ?? String(error) };
        }
        const firstMs = performance.now() - began;
        const warmStarted = performance.now();
        await classify(); // one more untimed, so kernels are compiled for this input's size
        const warmMs = performance.now() - warmStarted;
        const times = [];
        const timingStarted = performance.now();
        // Slow backends get fewer runs: stop once the budget (less what was spent so far) would run out.
        while (times.length < runs && performance.now() - began + warmMs < budgetMs) {
          const started = performance.now();
          await classify();
          times.push(performance.now() - started);
        }
        const replica = (await ai.metrics()).image.replicas[0];
        return { backend, firstMs, times, ran: replica?.backend, timingMs: performance.now() - timingStarted };
      },
      { backend, runs: N_BACKEND, budgetMs: BACKEND_BUDGET_MS },
    );
    await context.close();
    if (result.error) {
      rows.push([backend, `unavailable: ${result.error}`]);
    } else if (result.ran !== backend) {
      rows.push([backend, `unavailable: the service ran on ${result.ran} instead`]);
    } else {
      const t = stats(result.times);
      rows.push([backend, String(result.times.length), ms(t.median), ms(t.p95), ms(result.firstMs)]);
    }
  }
  table(['backend', 'runs', 'median', 'p95', 'first call (start + load + warm-up)'], rows);
}

async function serviceChoice() {
  const { context, page } = await openPage(`?model=${MODEL_ID}`);
  const { backend, timings, failures, firstMs, note, measuredAfterMs } = await page.evaluate(async () => {
    const { ai, benchImage } = window;
    const started = performance.now();
    await ai.image.classify(benchImage, { topK: 5 });
    const firstMs = performance.now() - started;
    // The other backends are timed in the background once the service is idle: wait for the verdict.
    let replica = (await ai.metrics()).image.replicas[0];
    while (!/ chosen/.test(replica.backendNote ?? '') && performance.now() - started < 180_000) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      replica = (await ai.metrics()).image.replicas[0];
    }
    const measuredAfterMs = performance.now() - started;
    return { backend: replica.backend, timings: replica.backendTimings ?? {}, failures: replica.backendFailures ?? {}, firstMs, note: replica.backendNote, measuredAfterMs };
  });
  await context.close();
  console.log(`\nThe service's own choice (no ?backend, fresh context): first answer on wasm after ${ms(firstMs)} ms; the background measurement ended ${ms(measuredAfterMs)} ms after the call`);
  console.log(`  ${note}`);
  const measured = Object.entries(timings).map(([name, t]) => [name, ms(t), name === backend ? 'chosen' : 'dropped']);
  const skipped = BACKENDS.filter((name) => !(name in timings)).map((name) => [name, '-', failures[name] ? `failed: ${failures[name]}` : 'not measured']);
  table(['backend', 'recorded ms', 'note'], [...measured, ...skipped]);
}
