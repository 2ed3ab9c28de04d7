/**
 * How every service worker is bundled, for the app and the npm library alike.
 *
 * What the worker's entry loads at once goes into a chunk of its own (`core`), so the chunks it loads later
 * (a backend, a second runtime) import that chunk and never the entry file. WebKit runs a module worker's
 * entry again when one of its chunks imports it: a second service started in the same worker, still
 * "starting", and its instant "not ready" answer won the race against the real one.
 */
import { assetFileNames, shippedModelsPlugin } from './shipped-models.mjs';
import { tfjsThreadsPlugin } from './tfjs-threads.mjs';

/**
 * Whether `id` is loaded by an entry through static imports alone. Walked afresh for each module: the
 * four workers are built side by side with this one config, so nothing may be kept between calls.
 */
function loadedAtOnce(id, getModuleInfo) {
  const seen = new Set();
  const visit = (moduleId) => {
    if (seen.has(moduleId)) return false;
    seen.add(moduleId);
    const info = getModuleInfo(moduleId);
    return Boolean(info && (info.isEntry || info.importers.some(visit)));
  };
  return visit(id);
}

export function workerBuild() {
  const core = (id, chunking) => {
    const info = (moduleId) => chunking.getModuleInfo(moduleId);
    return !info(id)?.isEntry && loadedAtOnce(id, info) ? 'core' : null;
  };
  return {
    format: 'es',
    plugins: () => [tfjsThreadsPlugin(), shippedModelsPlugin()],
    rollupOptions: { output: { assetFileNames: assetFileNames('assets'), codeSplitting: { groups: [{ name: core, debugName: 'core' }] } } },
  };
}
