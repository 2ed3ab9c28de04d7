// The project's own sentiment model called directly on the page, no worker and no bus: TF.js (wasm) runs
// USE lite from the app's /models/ mirror with the library's tokenizer, and the worker's own embedding step,
// head and lexicon code (bundled here with rolldown) embeds and scores. Mirrors workers/text/use.ts and sentiment.ts.
/* global window, location, tf, use -- the page inside page.evaluate */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { TFJS_FILES } from './direct.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const DIRECT_PATH = '/__direct-sentiment/';
const FILES = {
  ...TFJS_FILES,
  'use.min.js': resolve(root, 'node_modules/@tensorflow-models/universal-sentence-encoder/dist/universal-sentence-encoder.min.js'),
};

async function headScript() {
  const dir = mkdtempSync(join(tmpdir(), 'inpage-bench-'));
  try {
    const file = join(dir, 'head.js');
    await build({ input: resolve(root, 'bench/sentiment-direct-entry.mjs'), output: { file, format: 'iife', name: 'inpageSentimentHead' }, logLevel: 'silent' });
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Leaves `window.sentimentDirect(texts)` on the page: [{ label, score }] from USE lite + the head. */
export async function loadSentimentDirect(page) {
  const head = await headScript();
  await page.route(`**${DIRECT_PATH}*`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(DIRECT_PATH.length);
    if (name === 'head.js') return route.fulfill({ body: head, contentType: 'text/javascript' });
    const path = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!path) return route.fulfill({ status: 404, body: `Not found: ${name}` });
    return route.fulfill({ path, contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  for (const name of ['tf.min.js', 'tf-backend-wasm.min.js', 'use.min.js', 'head.js']) await page.addScriptTag({ url: DIRECT_PATH + name });
  return page.evaluate(async (prefix) => {
    tf.wasm.setWasmPaths(new URL(prefix, location.href).href);
    await tf.setBackend('wasm');
    const base = '/models/universal-sentence-encoder-lite/';
    const model = await tf.loadGraphModel(`${base}model.json`);
    const tokenizer = new use.Tokenizer(await (await fetch(`${base}vocab.json`)).json());
    const head = await (await fetch('/models/text-sentiment-inpage/head.json')).json();
    const lexicon = window.inpageSentimentHead.parseLexicon(await (await fetch('/models/text-sentiment-inpage/afinn.json')).json());
    const { embed } = window.inpageSentimentHead.embedderFor(tf, model, tokenizer);
    window.sentimentDirect = async (texts) => {
      const vectors = await embed(texts);
      return texts.map((text, i) => {
        const features = [...vectors[i], ...window.inpageSentimentHead.lexiconFeatures(text, lexicon)];
        const positive = window.inpageSentimentHead.headProbability(head, features);
        return positive >= 0.5 ? { label: 'POSITIVE', score: positive } : { label: 'NEGATIVE', score: 1 - positive };
      });
    };
    return { backend: tf.getBackend() };
  }, DIRECT_PATH);
}
