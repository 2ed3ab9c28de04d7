/**
 * Transformers.js inside a worker, for any pipeline task: offline only, ONNX Runtime's WASM files
 * self-hosted, model bytes from the runtime's loader (IndexedDB cache, sha256, progress) and the
 * device (wasm or webgpu) chosen by timing the caller's warm-up on each.
 */
import { env, pipeline, type PipelineType } from '@huggingface/transformers';
import ortGpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortGpuFactory from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { InPageError } from '../../core/errors';
import type { BackendCandidate, BackendChoice } from './backend';
import { describeChoice } from './background-backend';
import { boot, type BootDescription, type Booted } from '../serving/boot';
import { realWebGpu, webgpuEmulation } from './emulated';
import { ORT_WASM_PATHS } from './ort';
import type { ModelManifest } from '../models/manifest';
import type { ModelBytes } from '../models/models';
import type { Runtime } from '../serving/serve';
import type { ServiceDb } from '../storage/store';
import { wasmThreads } from './threads';

/** A path no server has: the library asks its cache for `<root><model id>/<file>` and we answer from memory. */
const ROOT = '/inpage-loaded-models/';
/** Each load's files while its sessions are being built: freed once its device is settled. */
const loaded = new Map<string, Map<string, ArrayBuffer>>();
let loads = 0;

// The library must never reach a hub or the browser's Cache API: every file comes from `loaded`.
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = ROOT;
env.useBrowserCache = false;
env.useFSCache = false;
env.useWasmCache = false;
env.useCustomCache = true;
env.customCache = {
  match: async (key: string) => {
    const bytes = lookup(key);
    return bytes ? new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } }) : undefined;
  },
  put: async () => undefined,
};
// Files the library asks for that the manifest lacks (optional ones like generation_config.json) are
// answered 404 here instead of being requested from the server.
env.fetch = async (input: string | URL) => new Response(`Not loaded: ${String(input)}`, { status: 404 });

/**
 * ONNX Runtime's binary ships with the app (and its offline cache), never from its default CDN. The plain
 * build runs the wasm device at half the bytes of the one with WebGPU inside; that one is loaded only where
 * a WebGPU device will really be used: forced, or a real GPU that the background timing will try.
 * The runtime reads this once, when its first session starts, so it is settled before the first load.
 */
let binary: Promise<void> | undefined;
/** Whether the binary loaded can run the webgpu device. */
let gpuBinary = false;
function chooseBinary(runtime: Runtime): Promise<void> {
  return (binary ??= (async () => {
    const forced = runtime.init.backend;
    const gpu = forced === 'webgpu' || (forced === undefined && (await realWebGpu()));
    if (env.backends.onnx.wasm) env.backends.onnx.wasm.wasmPaths = gpu ? { wasm: ortGpuWasm, mjs: ortGpuFactory } : ORT_WASM_PATHS;
    gpuBinary = gpu;
  })());
}

/** Measured in this order: WASM is the usual winner here, so it sets the bar for WebGPU. */
export const TRANSFORMERS_DEVICES = ['wasm', 'webgpu'] as const;
export type TransformersDevice = (typeof TRANSFORMERS_DEVICES)[number];

// The pipeline types are a large union; callers pick what they need from `run`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPipeline = ((...args: any[]) => Promise<any>) & { dispose(): Promise<void>; tokenizer?: any; model?: any };

export interface LoadedPipeline<P = AnyPipeline> {
  /** The session on the device that serves: it can change once the others are timed in the background. */
  readonly pipe: P;
  manifest: ModelManifest;
  readonly device: TransformersDevice;
  choice: BackendChoice;
  bytes: ModelBytes;
  /** Download (or cache read) plus session creation, before the device timing. */
  modelLoadMs: number;
  /** The replica report's fields for this model on the device that serves now. */
  describe(): BootDescription;
}

export interface PipelineOptions<P> {
  runtime: Runtime;
  db: ServiceDb;
  /** One realistic inference, timed on each device to pick the fastest. */
  warmup: (pipe: P) => Promise<unknown>;
  /** Told how the device choice goes (default: the replica's describe()). */
  report?: (choice: BackendChoice) => void;
  /** Which weights: 'q8' loads onnx/model_quantized.onnx, 'fp32' onnx/model.onnx. Default: the manifest's `options.dtype`, else q8. */
  dtype?: string;
}

/**
 * Loads `manifest`'s files through the runtime's loader and builds the Transformers.js pipeline for `task`
 * on the device expected to serve (boot.ts: the remembered or first one); the others are timed in the
 * background, the fastest kept (remembered per model in the service's database) and the rest disposed.
 */
export async function loadPipeline<P = AnyPipeline>(task: PipelineType, manifest: ModelManifest, options: PipelineOptions<P>): Promise<LoadedPipeline<P>> {
  const { runtime, db } = options;
  const dtype = options.dtype ?? (manifest.options?.dtype as string | undefined) ?? 'q8';
  // The library reads files by a path of our choosing: one per load, so two loads of one model never share bytes.
  const key = `${(loads += 1)}/${manifest.id}`;
  const sessions = new Map<TransformersDevice, Promise<P>>();
  const opened = new Map<TransformersDevice, P>();
  const open = (device: TransformersDevice) => {
    let session = sessions.get(device);
    if (!session) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      session = ((pipeline as any)(task, key, { device, dtype }) as Promise<P>).then((p) => (opened.set(device, p), p));
      sessions.set(device, session);
    }
    return session;
  };

  // Outside idle-time measurement steps, `current` is always the device that serves.
  // ONNX Runtime reads this when its wasm first starts; its own default is 1 thread on 2 cores.
  if (env.backends.onnx.wasm) env.backends.onnx.wasm.numThreads = wasmThreads();
  await chooseBinary(runtime);
  let current: TransformersDevice = 'wasm';
  const candidates: BackendCandidate[] = TRANSFORMERS_DEVICES.map((device) => ({
    name: device,
    activate: async () => {
      if (device === 'webgpu' && (!gpuBinary || !(await hasWebGpuAdapter()))) return false;
      current = device;
      return true;
    },
    emulated: device === 'webgpu' ? webgpuEmulation : undefined,
  }));

  const report = options.report ?? ((choice: BackendChoice) => runtime.describe(describeChoice(choice)));
  let booted: Booted<P>;
  try {
    booted = await boot<P>({
      runtime,
      db,
      group: {
        models: [manifest],
        open: async (_, bytes) => {
          loaded.set(key, bytes.files);
          return open(current).catch((error: unknown) => {
            throw modelError(manifest, error);
          });
        },
      },
      candidates,
      warmup: async () => options.warmup(await open(current)),
      backendKey: `backend:${manifest.id}`,
      describes: false,
      report: (next) => {
        report(next);
        if (next.how === 'provisional') return;
        // Once settled, the sessions on the devices not serving are freed, and so are the bytes they were built from.
        loaded.delete(key);
        for (const [other, session] of sessions) {
          if (other === next.backend) continue;
          sessions.delete(other);
          opened.delete(other);
          void session.then((p) => (p as AnyPipeline).dispose()).catch(() => undefined);
        }
      },
    });
  } catch (error) {
    loaded.delete(key);
    throw error;
  }
  return {
    get pipe() {
      return opened.get(current)!;
    },
    get device() {
      return current;
    },
    manifest,
    choice: booted.choice,
    bytes: booted.bytes!,
    modelLoadMs: booted.modelLoadMs,
    describe: () => ({ ...booted.describe(), backend: current }),
  };
}

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

function lookup(key: string): ArrayBuffer | undefined {
  const path = key.startsWith(ROOT) ? key.slice(ROOT.length) : key;
  for (const [id, files] of loaded) {
    if (path.startsWith(`${id}/`)) return files.get(path.slice(id.length + 1));
  }
  return undefined;
}

function modelError(manifest: ModelManifest, error: unknown): InPageError {
  const reason = error instanceof Error ? error.message : String(error);
  return new InPageError('MODEL_UNAVAILABLE', `The model "${manifest.name}" could not be opened by Transformers.js: ${reason}`, manifest.service, {
    model: manifest.id,
  });
}
