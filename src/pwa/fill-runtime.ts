/**
 * "Make available offline" for the services' code: every worker bundle and WASM binary the build lists
 * goes into the runtime cache the service worker answers from. Files already there (a service that has
 * run) are not fetched again; ONNX Runtime's WebGPU builds only where a real GPU would use them.
 */
import { realWebGpu } from '../runtime/backends/emulated';
import { GPU_ONLY, RUNTIME_CACHE, RUNTIME_FILES } from './runtime-files';

export async function fillRuntimeCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const listed = await fetch(`/${RUNTIME_FILES}`, { cache: 'no-cache' });
  if (!listed.ok) return; // a dev server: nothing is precached there either
  const files = (await listed.json()) as string[];
  const gpu = await realWebGpu();
  const cache = await caches.open(RUNTIME_CACHE);
  for (const file of files) {
    if (GPU_ONLY.test(file) && !gpu) continue;
    if (!(await cache.match(file))) await cache.add(file);
  }
}
