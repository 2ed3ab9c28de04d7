// The image service in each engine, side by side: the first answer (connect, model load, first classify)
// and warm classify through the SDK against the same model called directly with TF.js on the page.
// Chromium and Firefox ESR through Puppeteer, WebKitGTK through WebKitWebDriver (tests/engines/browsers.mjs).
/* global window, document, location -- page code */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENGINES } from '../tests/engines/browsers.mjs';
import { BLANK_PAGE, startToolkit } from '../tests/engines/servers.mjs';
import { DIRECT_FILES, DIRECT_PATH, MODEL_DIR, MODEL_ID } from './direct.mjs';
import { ms, ratio, root, stats, table } from './harness.mjs';
import { sdkAgainstDirect } from './sdk-against-direct.mjs';

const IMAGE = resolve(root, 'tests/fixtures/images/chelsea.png');
const WARMUP = 3;
const N = 15;
/** Away from the test suites' ports; none that a browser refuses. */
const PORT = Number(process.env.INPAGE_BENCH_PORT ?? 4390);

export async function run() {
  const extra = Object.fromEntries(Object.entries(DIRECT_FILES).map(([name, path]) => [DIRECT_PATH + name, path]));
  const toolkit = await startToolkit(PORT, [], extra);
  const image = readFileSync(IMAGE).toString('base64');
  console.log(`Image service per engine: chelsea.png, model ${MODEL_ID}, backend wasm; warm: N=${N} each, interleaved, after ${WARMUP} warm-ups`);
  const rows = [];
  try {
    for (const spec of Object.values(ENGINES)) {
      if (!spec.installed()) {
        rows.push([spec.name, 'not installed (npm test installs it)']);
        continue;
      }
      const session = await spec.open({ media: false, driverPort: PORT + 5 });
      try {
        rows.push(await measure(session, toolkit.origin, image));
      } catch (error) {
        rows.push([`${spec.name} ${session.version}`, `failed: ${error.message}`]);
      } finally {
        await session.close();
      }
    }
  } finally {
    await toolkit.close();
  }
  table(['engine', 'first answer SDK', 'first answer direct', 'SDK median', 'direct median', 'SDK/direct'], rows);
  console.log('  (first answer: from connect() or loading TF.js to the first labels, models from the local mirror, nothing cached)');
}

async function measure(session, origin, image) {
  await session.goto(`${origin}${BLANK_PAGE}?backend=wasm&model=${MODEL_ID}`);
  const first = await session.run(async (data) => {
    window.benchImage = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const started = performance.now();
    const sdk = await import(`${location.origin}/inpage.js`);
    window.ai = await sdk.connect();
    await window.ai.image.classify(window.benchImage, { topK: 5 });
    return performance.now() - started;
  }, image);
  const direct = await session.run(
    async ({ path, modelDir }) => {
      const started = performance.now();
      for (const name of ['tf.min.js', 'tf-backend-wasm.min.js', 'direct-page.js']) {
        await new Promise((done, fail) => {
          const script = Object.assign(document.createElement('script'), { src: path + name, onload: done, onerror: () => fail(new Error(`${name} did not load`)) });
          document.head.append(script);
        });
      }
      await window.inpageDirect.load({ backend: 'wasm', wasmPrefix: path, modelUrl: `${modelDir}model.json`, labelsUrl: `${modelDir}labels.json` });
      await window.inpageDirect.classify(window.benchImage, 5);
      return performance.now() - started;
    },
    { path: DIRECT_PATH, modelDir: MODEL_DIR },
  );
  const warm = await session.run(sdkAgainstDirect, { warmup: WARMUP, n: N });
  const backend = await session.run(async () => (await window.ai.services()).find((s) => s.name === 'image')?.backend);
  if (backend !== 'wasm') throw new Error(`the image service ran on ${backend}, not wasm`);
  const s = stats(warm.sdk).median;
  const d = stats(warm.direct).median;
  return [`${session.engine} ${session.version}`, ms(first), ms(direct), ms(s), ms(d), ratio(s / d)];
}
