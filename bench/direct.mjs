// Node side of the direct TF.js call, shared by tests/e2e/fidelity.spec.ts and scripts/bench.mjs.
// The built app keeps TF.js inside its workers, so the page gets its own copy: the library files are
// served from node_modules on a test-only path (/__direct/) through page.route, then added as scripts.
/* global window, location -- the page inside page.evaluate */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const tfjs = (pkg, file) => resolve(root, 'node_modules/@tensorflow', pkg, 'dist', file);

export const DIRECT_PATH = '/__direct/';
export const MODEL_DIR = '/models/tfjs/mobilenet-v1-0.25-224-imagenet-f16/';
/** The manifest id of that model, for pinning the SDK to the same one (`?model=`). */
export const MODEL_ID = 'mobilenet-v1-0.25-224';
/** The shipped classifiers the page can load, by manifest id: their folder under /models/. */
export const MODEL_DIRS = {
  [MODEL_ID]: MODEL_DIR,
  'mobilenet-v1-0.75-224': '/models/tfjs/mobilenet-v1-0.75-224-imagenet-f16/',
};

/** TF.js and its WASM backend from node_modules, by the names a page asks for them. */
export const TFJS_FILES = {
  'tf.min.js': tfjs('tfjs', 'tf.min.js'),
  'tf-backend-wasm.min.js': tfjs('tfjs-backend-wasm', 'tf-backend-wasm.min.js'),
  'tfjs-backend-wasm.wasm': tfjs('tfjs-backend-wasm', 'tfjs-backend-wasm.wasm'),
  'tfjs-backend-wasm-simd.wasm': tfjs('tfjs-backend-wasm', 'tfjs-backend-wasm-simd.wasm'),
  'tfjs-backend-wasm-threaded-simd.wasm': tfjs('tfjs-backend-wasm', 'tfjs-backend-wasm-threaded-simd.wasm'),
};
const ort = (file) => resolve(root, 'node_modules/onnxruntime-web/dist', file);
/** ONNX Runtime Web's wasm build (the one the image worker loads) from node_modules, by the names a page asks for them. */
export const ORT_FILES = {
  'ort.wasm.min.mjs': ort('ort.wasm.min.mjs'),
  'ort-wasm-simd-threaded.wasm': ort('ort-wasm-simd-threaded.wasm'),
  'ort-wasm-simd-threaded.mjs': ort('ort-wasm-simd-threaded.mjs'),
};
/** The ONNX conversions of the shipped classifiers (models/build-onnx-mobilenet.py), by the TF.js model's id. */
export const ONNX_DIRS = {
  [MODEL_ID]: '/models/onnx/mobilenet-v1-0.25-224-imagenet/',
  'mobilenet-v1-0.75-224': '/models/onnx/mobilenet-v1-0.75-224-imagenet/',
};
/** The files the page loads from DIRECT_PATH, by name (also served by bench/engines.mjs to the other engines). */
export const DIRECT_FILES = { ...TFJS_FILES, ...ORT_FILES, 'direct-page.js': resolve(root, 'bench/direct-page.js') };

/**
 * Loads TF.js and the model on an already opened page (with `threads` WASM threads, where given) and leaves
 * `window.inpageDirect` there:
 * `classify(blob, topK)` and `probabilities(blob)`, with the image service's preprocessing.
 */
export async function loadDirect(page, { backend = 'wasm', threads, model = MODEL_ID } = {}) {
  const dir = MODEL_DIRS[model];
  if (!dir) throw new Error(`no shipped classifier ${model}; there are ${Object.keys(MODEL_DIRS).join(', ')}.`);
  await page.route(`**${DIRECT_PATH}*`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(DIRECT_PATH.length);
    const path = Object.hasOwn(DIRECT_FILES, name) ? DIRECT_FILES[name] : undefined;
    if (!path) return route.fulfill({ status: 404, body: `Not found: ${name}` });
    return route.fulfill({ path, contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  for (const name of ['tf.min.js', 'tf-backend-wasm.min.js', 'direct-page.js']) {
    await page.addScriptTag({ url: DIRECT_PATH + name });
  }
  return page.evaluate(
    (options) => window.inpageDirect.load(options),
    { backend, threads, wasmPrefix: DIRECT_PATH, modelUrl: `${dir}model.json`, labelsUrl: `${dir}labels.json` },
  );
}

/**
 * Loads ONNX Runtime Web's wasm build and `model`'s ONNX conversion on a page that loadDirect set up, and
 * leaves `window.inpageOnnx` there: `run(values)` gives the probabilities and the embedding for one input
 * array (`[1, size, size, 3]`, as `inpageDirect.inputOf` makes it).
 */
export async function loadDirectOnnx(page, { threads = 1, model = MODEL_ID } = {}) {
  const dir = ONNX_DIRS[model];
  if (!dir) throw new Error(`no ONNX conversion of ${model}; there are ${Object.keys(ONNX_DIRS).join(', ')}.`);
  return page.evaluate(
    async ({ prefix, modelUrl, threads, size }) => {
      const ort = await import(`${prefix}ort.wasm.min.mjs`);
      ort.env.wasm.wasmPaths = new URL(prefix, location.href).href;
      ort.env.wasm.numThreads = threads;
      const bytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      window.inpageOnnx = {
        run: async (values) => {
          const output = await session.run({ input: new ort.Tensor('float32', values, [1, size, size, 3]) });
          return { probabilities: output.probabilities.data, embedding: output.embedding.data };
        },
      };
      return { ort: ort.env.versions?.web ?? 'unknown', threads: ort.env.wasm.numThreads };
    },
    { prefix: DIRECT_PATH, modelUrl: `${dir}model.onnx`, threads, size: 224 },
  );
}
