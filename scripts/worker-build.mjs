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

/** Whether `id` is loaded by the entry through static imports alone (the entry itself included). */
function loadedAtOnce(getModuleInfo) {
  const known = new Map();
  const visit = (id) => {
    if (known.has(id)) return known.get(id);
    known.set(id, false); // a cycle adds nothing
    const info = getModuleInfo(id);
    const atOnce = Boolean(info && (info.isEntry || info.importers.some(visit)));
    known.set(id, atOnce);
    return atOnce;
  };
  return visit;
}

export function workerBuild() {
  let visit;
  const core = (id, chunking) => {
    const info = (moduleId) => chunking.getModuleInfo(moduleId);
    visit ??= loadedAtOnce(info);
    return !info(id)?.isEntry && visit(id) ? 'core' : null;
  };
  return {
    format: 'es',
    plugins: () => [tfjsThreadsPlugin(), shippedModelsPlugin()],
    rollupOptions: { output: { assetFileNames: assetFileNames('assets'), codeSplitting: { groups: [{ name: core, debugName: 'core' }] } } },
  };
}
