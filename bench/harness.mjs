// What every bench section shares: the built app served with the model mirror, one Chromium,
// a bare page on the app's origin with `window.ai` connected, and plain-text tables.
/* global window, location -- used inside page.evaluate */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossOriginIsolationHeaders } from '../scripts/static.mjs';

export const root = resolve(fileURLToPath(import.meta.url), '../..');

/** Starts the server on dist/ and Chromium; `close()` stops both. */
export async function openBench() {
  if (!existsSync(join(root, 'dist/index.html')) || !existsSync(join(root, 'dist/inpage.js'))) {
    throw new Error('dist/ is missing or incomplete. Build the app first with `npx vite build`, then run `npm run bench` again.');
  }
  const { chromium } = await import('@playwright/test');
  const { CHROMIUM, CHROMIUM_ARGS } = await import('../scripts/setup.mjs');
  const { startServer } = await import('../scripts/serve.mjs');
  const server = await startServer({ port: 0, projectModels: true });
  const traffic = countTraffic(server);
  const origin = `http://127.0.0.1:${server.address().port}`;
  // WebGPU is behind a flag on Linux; the bench times it too. The fake camera feeds the live camera section.
  const args = [...CHROMIUM_ARGS, '--enable-unsafe-webgpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args });
  return {
    browser,
    origin,
    openPage: (query) => openPage(browser, origin, query),
    traffic,
    async close() {
      await browser.close();
      server.closeAllConnections();
      server.close();
    },
  };
}

/** What each kind of file a request asks for is counted as. */
function kindOf(path) {
  if (path.startsWith('/models/')) return 'model';
  if (/\.wasm(\?|$)/.test(path)) return 'wasm';
  if (/\.m?js(\?|$)/.test(path)) return 'script';
  return 'other';
}

/**
 * Counts the bytes the server sends, by kind, as they are written (a download still under way counts what
 * has gone so far): `snapshot()` is what every client of this server has downloaded since `reset()`.
 */
function countTraffic(server) {
  let sent = {};
  let files = new Map();
  // Before the server's own handler, which may answer at once.
  server.prependListener('request', (req, res) => {
    const path = new URL(req.url, 'http://bench').pathname;
    const kind = kindOf(path);
    const add = (chunk) => {
      if (!chunk || typeof chunk === 'function') return;
      const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      sent[kind] = (sent[kind] ?? 0) + bytes;
      files.set(path, (files.get(path) ?? 0) + bytes);
    };
    const { write, end } = res;
    res.write = function (chunk, ...rest) {
      add(chunk);
      return write.call(this, chunk, ...rest);
    };
    res.end = function (chunk, ...rest) {
      add(chunk);
      return end.call(this, chunk, ...rest);
    };
  });
  return {
    reset() {
      sent = {};
      files = new Map();
    },
    snapshot: () => ({ ...sent, total: Object.values(sent).reduce((a, b) => a + b, 0), files: new Map(files) }),
  };
}

// A bare page on the app's origin: the SDK and the mirror work as usual, without the React shell
// starting its own services next to the one being measured.
const BLANK_PAGE = '/__direct/bench.html';

/** A fresh context (its own IndexedDB, so no remembered backend) on the bare page, with `window.ai`. */
async function openPage(browser, origin, query = '') {
  // The libraries called directly on the page (tf.min.js builds functions from strings) need what the app's CSP forbids.
  const context = await browser.newContext({ baseURL: origin, bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
  await page.route(`**${BLANK_PAGE}`, (route) =>
    route.fulfill({ contentType: 'text/html', headers: crossOriginIsolationHeaders(), body: '<!doctype html><meta charset="utf-8"><title>InPage bench</title>' }),
  );
  await page.goto(BLANK_PAGE + query);
  await page.evaluate(async () => {
    const sdk = await import(`${location.origin}/inpage.js`);
    window.ai = await sdk.connect();
  });
  return { context, page };
}


export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { median: at(0.5), p95: at(0.95), min: sorted[0] };
}

export function ms(value) {
  return value === undefined ? '-' : value.toFixed(value < 10 ? 2 : 1);
}

export function ratio(value) {
  return `${value.toFixed(2)}x`;
}

/** Plain-text columns: numbers right-aligned, text left-aligned; a two-cell row's second cell spans the rest. */
export function table(header, rows) {
  const grid = rows.filter((row) => row.length > 2);
  const numeric = header.map((_, i) => i > 0 && grid.every((row) => /^[\d.x-]*$/.test(row[i] ?? '')));
  const widths = header.map((_, i) => Math.max(...[header, ...grid].map((row) => (row[i] ?? '').length)));
  const cell = (text, i) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (row) =>
    `  ${row.length === 2 ? `${row[0].padEnd(widths[0])}  ${row[1]}` : row.map(cell).join('  ')}`.trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** A 16-bit PCM WAV file's samples (mono) as numbers in [-1, 1], for passing into a page. */
export function readWav(path) {
  const bytes = readFileSync(path);
  let at = 12;
  while (bytes.toString('ascii', at, at + 4) !== 'data') at += 8 + bytes.readUInt32LE(at + 4);
  const count = bytes.readUInt32LE(at + 4) / 2;
  return { samples: Array.from({ length: count }, (_, i) => bytes.readInt16LE(at + 8 + 2 * i) / 32768), sampleRate: bytes.readUInt32LE(24) };
}

/** Every figure of this run, by section, for bench/results.json (scripts/bench.mjs writes it). */
export const results = {};

/**
 * Keeps one figure for bench/results.json and the README's performance table: `target` says what the
 * issue asked for (e.g. '<= 1.05'), so the README can put it beside the figure.
 */
export function record(section, name, value, { unit = '', target, note } = {}) {
  // Three decimals, but three significant digits for the tiny (a difference between two runtimes' outputs).
  const kept = value !== 0 && Math.abs(value) < 0.01 ? Number(value.toPrecision(3)) : Number(value.toFixed(3));
  (results[section] ??= []).push({ name, value: kept, unit, ...(target && { target }), ...(note && { note }) });
}
