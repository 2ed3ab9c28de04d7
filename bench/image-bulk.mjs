// Many photos at once, as a person drops them on the image page's "Classify many images" (the app's batch
// mode, two calls in flight) with one replica and with two, on TF.js's wasm and on ONNX Runtime's, against a
// direct TF.js loop on a page, in one run; and the image service's TF.js memory before and after each batch
// (ONNX Runtime's heap is not in the replicas' report, so its rows show none).
/* global window, location -- used inside page.evaluate */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { loadDirect } from './direct.mjs';
import { ratio, record, root, table } from './harness.mjs';

const SECTION = 'image-bulk';
/** The app's default classifier: what a dropped folder of photos is classified with. */
const MODEL = 'mobilenet-v1-0.75-224';
const N = Number(process.env.INPAGE_BULK_N ?? 300);
const WARMUP = 6;
const MB = 1024 * 1024;

export async function run(bench) {
  const { module: images } = await runnerImport(join(root, 'tests/e2e/images.ts'), { configFile: false, logLevel: 'warn' });
  const sources = ['chelsea', 'coffee', 'astronaut'].map((name) => images.decodePng(`${name}.png`));
  // N different files (crops of the fixture photos, so no two calls see the same bytes), on disk as a
  // person's folder is: the file picker takes paths.
  const folder = mkdtempSync(join(tmpdir(), 'inpage-bulk-'));
  const photos = Array.from({ length: N }, (_, i) => {
    const path = join(folder, `photo-${i}.png`);
    writeFileSync(path, images.cropPng(sources[i % 3], 0.01 * (i % 17), 0.01 * (i % 13), 0.8, 0.8));
    return path;
  });
  console.log(`Bulk classify: ${N} photos (crops of the 3 fixture photos), ${MODEL}, backend wasm`);
  const rows = [];
  try {
    for (const backend of ['wasm', 'onnx-wasm']) for (const replicas of [1, 2]) rows.push(await appBatch(bench, photos, replicas, backend));
    rows.push(await directLoop(bench, photos));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const direct = rows.at(-1);
  table(
    ['path', 'images/s', 'x direct', 'TF.js memory before (MB)', 'after (MB)'],
    rows.map((r) => [r.path, r.perSecond.toFixed(1), ratio(r.perSecond / direct.perSecond), mb(r.before), mb(r.after)]),
  );
  for (const r of rows) {
    record(SECTION, `${r.path}: images per second`, Number(r.perSecond.toFixed(1)), { unit: 'images/s' });
    if (r.before !== undefined) record(SECTION, `${r.path}: service memory after the batch / before`, r.after / r.before, { unit: 'x' });
  }
}

const mb = (bytes) => (bytes === undefined ? '-' : (bytes / MB).toFixed(1));

/** The app's dashboard and image page in a fresh profile, as a person would use them. */
async function appBatch(bench, photos, replicas, backend) {
  const context = await bench.browser.newContext({ baseURL: bench.origin });
  const page = await context.newPage();
  try {
    await page.goto(`/?backend=${backend}&model=${MODEL}#/dashboard`);
    const card = page.getByRole('article', { name: 'image' });
    await card.getByRole('button', { name: 'Start image' }).click();
    await card.getByRole('status', { name: 'image state' }).getByText('ready').waitFor({ timeout: 120_000 });
    for (let n = 1; n < replicas; n += 1) await card.getByRole('button', { name: 'Add a image replica' }).click();
    await card.locator('dd[data-metric="replicas"]').getByText(`${replicas} / ${replicas}`).waitFor({ timeout: 120_000 });
    await card.locator('tbody tr').filter({ hasText: 'ready' }).nth(replicas - 1).waitFor({ timeout: 120_000 });

    await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'Images' }).click();
    const drop = page.getByLabel("Drop a folder's images here, or choose several");
    await drop.setInputFiles(photos.slice(0, WARMUP));
    await page.getByText(`${WARMUP} images classified`).waitFor({ timeout: 120_000 });
    const before = await serviceMemory(page);
    await drop.setInputFiles(photos);
    // The batch starts as the files are set (their change event ends setInputFiles); the transfer before it
    // is Playwright's, not a person's drop.
    const set = performance.now();
    await page.getByText(`${photos.length} images classified`).waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - set) / 1000;
    const path = `the image page's batch, ${backend === 'wasm' ? 'TF.js wasm' : 'ONNX Runtime wasm'}, ${replicas} replica(s)`;
    if (backend !== 'wasm') return { path, perSecond: photos.length / seconds };
    return { path, perSecond: photos.length / seconds, before, after: await serviceMemory(page) };
  } finally {
    await context.close();
  }
}

/** What the image service's replicas report holding (TF.js tensors), summed, from their next heartbeat. */
async function serviceMemory(page) {
  await page.waitForTimeout(1_100);
  return page.evaluate(async () => {
    const { connect } = await import(`${location.origin}/inpage.js`);
    const ai = await connect();
    try {
      const replicas = (await ai.metrics()).image.replicas;
      return replicas.reduce((sum, r) => sum + (r.memoryBytes ?? 0), 0);
    } finally {
      ai.close();
    }
  });
}

/** The same model called directly with TF.js on a page, one photo after another. */
async function directLoop(bench, photos) {
  const { context, page } = await bench.openPage(`?backend=wasm&model=${MODEL}`);
  try {
    const threads = await page.evaluate(async () => (await window.ai.image.ping(), (await window.ai.metrics()).image.replicas[0].threads));
    await loadDirect(page, { backend: 'wasm', threads, model: MODEL });
    // The files reach the page by URL: all at once they are more than a page.evaluate() argument may carry.
    await page.route('**/__bulk/*', (route) => route.fulfill({ path: photos[Number(route.request().url().split('/').pop())], contentType: 'image/png' }));
    const seconds = await page.evaluate(
      async ({ count, warmup }) => {
        const blobs = [];
        for (let i = 0; i < count; i += 1) blobs.push(await (await fetch(`/__bulk/${i}`)).blob());
        for (const blob of blobs.slice(0, warmup)) await window.inpageDirect.classify(blob, 1);
        const started = performance.now();
        for (const blob of blobs) await window.inpageDirect.classify(blob, 1);
        return (performance.now() - started) / 1000;
      },
      { count: photos.length, warmup: WARMUP },
    );
    return { path: 'direct TF.js loop on the page, one at a time', perSecond: photos.length / seconds };
  } finally {
    await context.close();
  }
}
