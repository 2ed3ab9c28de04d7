/**
 * ONNX Runtime Web's plain WASM build, for models a service runs itself (Transformers.js brings its own
 * copy of the runtime and is pointed at the same binary). The binary ships with the app, never from a CDN;
 * the runtime's code is loaded on first use, so a service that never opens a session never downloads it.
 */
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import ortFactory from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import { wasmThreads } from './threads';

/** Where the runtime finds its plain WASM binary and the script that instantiates it. */
export const ORT_WASM_PATHS = { wasm: ortWasm, mjs: ortFactory };

export type Ort = typeof import('onnxruntime-web/wasm');
export type OrtSession = import('onnxruntime-web/wasm').InferenceSession;

let runtime: Promise<Ort> | undefined;

/** The runtime, set up once per worker: the shipped binary and the replica's thread count. */
export function ort(): Promise<Ort> {
  return (runtime ??= import('onnxruntime-web/wasm').then((module) => {
    module.env.wasm.wasmPaths = ORT_WASM_PATHS;
    module.env.wasm.numThreads = wasmThreads();
    return module;
  }));
}

/** A session on the wasm execution provider, with every graph optimisation (constant folding, conv fusions). */
export async function onnxSession(model: ArrayBuffer): Promise<OrtSession> {
  const { InferenceSession } = await ort();
  return InferenceSession.create(new Uint8Array(model), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
}
