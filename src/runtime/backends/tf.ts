/** TF.js inside a worker: self-hosted WASM binaries, the backends to measure, and models from cached bytes. */
import * as tf from './tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendCandidate } from './backend';
import { webglEmulation, webgpuEmulation } from './emulated';
import type { ModelBytes } from '../models/models';
import { wasmThreads } from './threads';

export { tfjsShards } from '../models/models';

// The binaries ship with the app (and its offline cache), never from a CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** Measured in this order, so the usual winner sets the bar and slow backends are cut short. */
export const TF_BACKENDS = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;

export function tfBackends(): BackendCandidate[] {
  return TF_BACKENDS.map((name) => ({
    name,
    activate: async () => {
      if (name === 'webgpu' && !('gpu' in navigator)) return false;
      // Loaded on first use: a worker serving on wasm never pays for the GPU backends' code.
      if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
      if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
      // Read when the wasm backend first initialises (later calls change nothing).
      if (name === 'wasm') {
        setThreadsCount(wasmThreads());
        // One thread needs no pthread pool: the plain SIMD binary spares the pool's eight workers, which
        // on a loaded 2-core machine failed to load their script and crash-looped the replica.
        if (wasmThreads() <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      }
      return tf.setBackend(name);
    },
    emulated: name === 'webgl' ? webglEmulation : name === 'webgpu' ? webgpuEmulation : undefined,
  }));
}

/** An IO handler over bytes already in memory (from the cache or a fresh download). */
export function tfjsHandler(model: ModelBytes, entry: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(new TextDecoder().decode(required(model, entry))) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) => group.paths.map((p) => required(model, p)));
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** A trained model's topology, weight specs and weights in memory (to store it, or to write it into a file). */
export async function savedArtifacts(model: tf.LayersModel): Promise<{ modelTopology: object; weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const data = saved!.weightData!;
  return {
    modelTopology: saved!.modelTopology as object,
    weightSpecs: saved!.weightSpecs!,
    weightData: Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data,
  };
}

function required(model: ModelBytes, path: string): ArrayBuffer {
  const bytes = model.files.get(path);
  if (!bytes) throw new Error(`The model files lack ${path}.`);
  return bytes;
}

export { tf };
