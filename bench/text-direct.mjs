// Node side of the direct Transformers.js call, shared by tests/e2e/text-fidelity.spec.ts and bench/text.mjs.
// The built app keeps Transformers.js inside its worker, so the page gets its own copy: the library's
// self-contained bundle and ONNX Runtime's WASM files from node_modules on a test-only path (/__direct/),
// and the model straight from the app's /models/ mirror, with the same settings the worker uses.
/* global window, location -- the page inside page.evaluate */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const DIRECT_PATH = '/__direct-text/';
const FILES = {
  'transformers.js': resolve(root, 'node_modules/@huggingface/transformers/dist/transformers.js'),
  'ort-wasm-simd-threaded.asyncify.wasm': resolve(root, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm'),
  'ort-wasm-simd-threaded.asyncify.mjs': resolve(root, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.mjs'),
};

/**
 * Loads Transformers.js on an already opened page and leaves `window.textDirect` there: a pipeline for
 * `task` over the model with manifest id `model` (served at /models/<model>/), on wasm with q8 weights.
 */
export async function loadTextDirect(page, { task = 'text-classification', model = 'spam-detector', dtype = 'q8' } = {}) {
  await page.route(`**${DIRECT_PATH}*`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(DIRECT_PATH.length);
    const path = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!path) return route.fulfill({ status: 404, body: `Not found: ${name}` });
    return route.fulfill({ path, contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  return page.evaluate(
    async ({ prefix, task, model, dtype }) => {
      const T = await import(/* @vite-ignore */ `${location.origin}${prefix}transformers.js`);
      Object.assign(T.env, { allowRemoteModels: false, allowLocalModels: true, localModelPath: '/models/', useBrowserCache: false, useWasmCache: false });
      T.env.backends.onnx.wasm.wasmPaths = { wasm: `${prefix}ort-wasm-simd-threaded.asyncify.wasm`, mjs: `${prefix}ort-wasm-simd-threaded.asyncify.mjs` };
      window.textDirect = await T.pipeline(task, model, { device: 'wasm', dtype });
      return { version: T.env.version };
    },
    { prefix: DIRECT_PATH, task, model, dtype },
  );
}
