// Embedding: what the cross-origin hub costs over a bus on the page. The same SDK calls from a page on the
// app's origin (local bus) and from a page on a second origin through connect({ hub }), in one Chromium,
// in alternating rounds so both see the same machine load.
/* global window, createImageBitmap -- used inside page.evaluate */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { ms, ratio, root, stats, table } from './harness.mjs';

const IMAGE_PATH = resolve(root, 'tests/fixtures/images/chelsea.png');
const ROUNDS = 3;
const N_PING = 100;
const N_CLASSIFY = 10;

export async function run(bench) {
  const host = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Partner</title>'));
  await new Promise((done) => host.listen(0, '127.0.0.1', done));
  const hostOrigin = `http://127.0.0.1:${host.address().port}`;
  try {
    const local = await bench.openPage('');
    const hub = await openHubPage(bench, hostOrigin);
    const image = readFileSync(IMAGE_PATH).toString('base64');
    for (const { page } of [local, hub]) await prepare(page, image);

    const samples = { local: emptySamples(), hub: emptySamples() };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, { page }] of [['local', local], ['hub', hub]]) {
        const measured = await page.evaluate(measure, { nPing: N_PING, nClassify: N_CLASSIFY });
        for (const key of Object.keys(measured)) samples[name][key].push(...measured[key]);
      }
    }
    console.log(`Embedding: the same SDK calls on the app's origin (local bus) and from ${hostOrigin} through the hub iframe`);
    console.log(`  ${ROUNDS} alternating rounds; per round ${N_PING} pings and ${N_CLASSIFY} classifications of chelsea.png each way\n`);
    const rows = [
      ["ai.ping('image')", 'ping'],
      ['classify(blob)', 'blob'],
      ['classify(ImageBitmap), transferred', 'bitmap'],
    ].map(([label, key]) => {
      const l = stats(samples.local[key]);
      const h = stats(samples.hub[key]);
      return [label, ms(l.median), ms(h.median), ratio(h.median / l.median), ms(l.p95), ms(h.p95)];
    });
    table(['', 'local median', 'hub median', 'hub/local', 'local p95', 'hub p95'], rows);
    console.log(`\n  connect({ hub }) from the other origin (iframe load + allowlist + handshake): ${ms(hub.connectMs)} ms`);
    await local.context.close();
    await hub.context.close();
  } finally {
    host.close();
  }
}

function emptySamples() {
  return { ping: [], blob: [], bitmap: [] };
}

/** A page on the second origin, allowed by the hub's config, connected through the hub. */
async function openHubPage(bench, hostOrigin) {
  const context = await bench.browser.newContext();
  await context.route(`${bench.origin}/embed.config.json`, (route) => route.fulfill({ json: { allowedOrigins: [hostOrigin] } }));
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
  await page.goto(`${hostOrigin}/`);
  const connectMs = await page.evaluate(async (toolkit) => {
    const sdk = await import(`${toolkit}/inpage.js`);
    const started = performance.now();
    window.ai = await sdk.connect({ hub: `${toolkit}/embed.html` });
    return performance.now() - started;
  }, bench.origin);
  return { context, page, connectMs };
}

/** Puts the image on the page and warms the service up (model load and backend choice are not measured). */
async function prepare(page, image) {
  await page.evaluate(async (data) => {
    window.benchImage = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
    for (let i = 0; i < 3; i += 1) await window.ai.image.classify(window.benchImage);
    for (let i = 0; i < 10; i += 1) await window.ai.ping('image');
  }, image);
}

/** Runs in the page: back-to-back pings, then blob and bitmap classifications interleaved. */
async function measure({ nPing, nClassify }) {
  const { ai, benchImage } = window;
  const time = async (fn) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const ping = [];
  for (let i = 0; i < nPing; i += 1) ping.push(await ai.ping('image'));
  const blob = [];
  const bitmap = [];
  for (let i = 0; i < nClassify; i += 1) {
    blob.push(await time(() => ai.image.classify(benchImage)));
    const decoded = await createImageBitmap(benchImage);
    bitmap.push(await time(() => ai.image.classify(decoded)));
  }
  return { ping, blob, bitmap };
}
