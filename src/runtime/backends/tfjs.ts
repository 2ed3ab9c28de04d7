/**
 * TF.js as `@tensorflow/tfjs` exports it, less its WebGL backend: what every TF.js worker loads before
 * its first answer. The GPU backends (WebGL, WebGPU) are imported by tfBackends() only when one is
 * activated, so a worker that answers on wasm never downloads, parses or registers them (about a
 * quarter of the image worker's script).
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export * from '@tensorflow/tfjs-converter';
