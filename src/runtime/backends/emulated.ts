/**
 * Whether a GPU backend is software-emulated here (SwiftShader, llvmpipe, a WebGPU fallback adapter).
 * Emulated GPUs run these models many times slower than WASM and their first run compiles for seconds,
 * so they are never timed in the background: a request arriving meanwhile would wait for it (the bench's
 * backend tables, bench/results.json, say by how much).
 */

const SOFTWARE = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/softpipe/i, 'softpipe'],
  [/microsoft basic render/i, 'Microsoft Basic Render Driver'],
  [/software rasterizer/i, 'a software rasterizer'],
] as const;

/** The software renderer a GPU's description names, if it names one. */
export function softwareRenderer(description: string): string | undefined {
  return SOFTWARE.find(([pattern]) => pattern.test(description))?.[1];
}

let webgl: Promise<string | undefined> | undefined;
let webgpu: Promise<string | undefined> | undefined;

/** "software-emulated (SwiftShader)" when WebGL runs on a software renderer; undefined on real hardware or no WebGL. */
export function webglEmulation(): Promise<string | undefined> {
  return (webgl ??= (async () => {
    if (typeof OffscreenCanvas === 'undefined') return undefined;
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return undefined;
    try {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      return emulated(softwareRenderer(renderer));
    } finally {
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  })().catch(() => undefined));
}

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface Adapter {
  info?: AdapterInfo;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfo>;
}

/** The same for WebGPU: a fallback adapter, or one whose info names a software renderer. */
export function webgpuEmulation(): Promise<string | undefined> {
  return (webgpu ??= (async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    if (!adapter) return undefined;
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    const named = softwareRenderer([info.vendor, info.architecture, info.device, info.description].join(' '));
    if (named) return emulated(named);
    return adapter.isFallbackAdapter || info.isFallbackAdapter ? emulated('a fallback adapter') : undefined;
  })().catch(() => undefined));
}

function emulated(renderer: string | undefined): string | undefined {
  return renderer && `software-emulated (${renderer})`;
}

/** Whether WebGPU here runs on real hardware: the only GPU the background timing tries. */
export async function realWebGpu(): Promise<boolean> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  try {
    return !!(await gpu?.requestAdapter()) && !(await webgpuEmulation());
  } catch {
    return false;
  }
}
