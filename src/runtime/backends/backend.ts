/**
 * Picks the compute backend by timing the service's own warm-up on each one the device offers.
 * Fixed preference orders lose: here WebGPU and WebGL are software-emulated and far slower than WASM.
 */
import { InPageError } from '../../core/errors';

export interface BackendCandidate {
  name: string;
  /** Switches to the backend; false when the device does not offer it. */
  activate(): Promise<boolean>;
  /** Why this backend is not worth timing here (e.g. "software-emulated (SwiftShader)"), or undefined. */
  emulated?: () => Promise<string | undefined>;
  /**
   * Starts a second runtime (its code, binary and model to fetch and compile): a device that remembers it
   * answers first on the first candidate that works and moves to it once idle, so no first answer waits.
   */
  startsLater?: boolean;
}

export interface BackendChoice {
  backend: string;
  /** Warm latency per backend in ms: the best of several runs (only the backends measured). */
  timings: Record<string, number>;
  /** Why a backend the device offers could not run the warm-up. */
  failures?: Record<string, string>;
  /** Backends the device offers that were never timed, with why (software-emulated GPUs); `?backend=` still forces them. */
  skipped?: Record<string, string>;
  /** 'provisional': serving on the first backend that works while the others wait to be timed when idle. */
  how: 'forced' | 'remembered' | 'measured' | 'provisional';
  /** Why this backend serves and why each other one was dropped, in words for the dashboard. */
  note?: string;
}

export interface ChooseOptions {
  candidates: readonly BackendCandidate[];
  /** One inference on realistic input; timed after a first untimed run that compiles kernels. */
  warmup: () => Promise<unknown>;
  forced?: string;
  remembered?: BackendChoice;
  runs?: number;
  /** Told before each backend is timed (its first run can take seconds on an emulated GPU). */
  onMeasure?: (backend: string) => void;
  /** Stop timing a backend whose first run is this many times slower than the best so far. */
  giveUpFactor?: number;
}

export async function chooseBackend(options: ChooseOptions): Promise<BackendChoice> {
  const { candidates, warmup, forced, remembered, onMeasure, runs = 5, giveUpFactor = 20 } = options;
  const byName = new Map(candidates.map((c) => [c.name, c]));

  if (forced) {
    await activate(candidates, forced);
    await warmup();
    return { backend: forced, timings: {}, how: 'forced' };
  }
  if (remembered) {
    const candidate = byName.get(remembered.backend);
    if (candidate && (await safely(candidate.activate))) {
      await warmup();
      return { ...remembered, how: 'remembered' };
    }
  }

  const timings: Record<string, number> = {};
  const failures: Record<string, string> = {};
  let best: string | undefined;
  for (const candidate of candidates) {
    if (!(await safely(candidate.activate))) continue;
    onMeasure?.(candidate.name);
    let first: number;
    try {
      first = await timed(warmup);
    } catch (error) {
      failures[candidate.name] = error instanceof Error ? error.message : String(error);
      continue;
    }
    if (best && first > timings[best]! * giveUpFactor) {
      timings[candidate.name] = first;
      continue;
    }
    const samples: number[] = [];
    for (let i = 0; i < runs; i += 1) samples.push(await timed(warmup));
    // The best run, not the median: other work on a busy machine only ever adds time.
    timings[candidate.name] = Math.min(...samples);
    if (!best || timings[candidate.name]! < timings[best]!) best = candidate.name;
  }
  if (!best) throw new Error('No compute backend could run the model on this device.');
  await byName.get(best)!.activate();
  return { backend: best, timings, failures, how: 'measured' };
}

/** Switches to the named backend, or explains which ones this device has. */
export async function activate(candidates: readonly BackendCandidate[], name: string): Promise<void> {
  const candidate = candidates.find((c) => c.name === name);
  if (!candidate || !(await safely(candidate.activate))) {
    const names = candidates.map((c) => c.name).join(', ');
    throw new InPageError('INVALID_INPUT', `The backend "${name}" is not available on this device (it knows ${names}).`);
  }
}

/** Switches to the first backend that works, `preferred` first; for loading a model before measuring. */
export async function activateFirst(candidates: readonly BackendCandidate[], preferred?: string): Promise<string> {
  const ordered = [...candidates].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
  for (const candidate of ordered) if (await safely(candidate.activate)) return candidate.name;
  throw new Error('No compute backend works on this device.');
}

async function safely(activate: () => Promise<boolean>): Promise<boolean> {
  try {
    return await activate();
  } catch {
    return false;
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
