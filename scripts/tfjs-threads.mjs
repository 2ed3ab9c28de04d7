// TF.js's threaded WASM backend starts each thread from `factory.toString()`, so the factory must not
// refer to anything outside itself. Minified, its guarded `typeof _scriptDir` read becomes a bare read of
// a renamed outer variable ("e is not defined" in every thread). Declaring it inside the factory keeps
// the threads self-contained. Used by vite.config.ts for the page and the worker bundles, and by
// vite.lib.config.ts for the library's workers.
const FILE = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const OPENING = 'function(WasmBackendModuleThreadedSimd) {\n  WasmBackendModuleThreadedSimd = WasmBackendModuleThreadedSimd || {};';

export function tfjsThreadsPlugin() {
  return {
    name: 'inpage-tfjs-threads',
    transform(code, id) {
      if (!FILE.test(id.split('?')[0])) return null;
      if (!code.includes(OPENING)) throw new Error(`${id} changed: check scripts/tfjs-threads.mjs still applies.`);
      return { code: code.replace(OPENING, `${OPENING}\n  var _scriptDir = undefined;`), map: null };
    },
  };
}
