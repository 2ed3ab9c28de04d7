/**
 * How many threads a replica's WASM runtimes (TF.js wasm, ONNX Runtime wasm) use. Threads need
 * SharedArrayBuffer, which a page has only when it is cross-origin isolated (COOP + COEP): the app is,
 * the hub inside a partner's page usually is not, and then every replica runs single-threaded.
 */
import type { ReplicaInit } from '../bus/protocol';

/**
 * Threads per replica when isolated and not forced. Chosen from `npm run bench threads` on the 2-core
 * build machine (README, Performance): see DEFAULT_THREADS_REASON.
 */
export const DEFAULT_THREADS = 2;

export interface ThreadChoice {
  threads: number;
  isolated: boolean;
  /** In words, for describe() and the dashboard. */
  note: string;
}

let chosen: ThreadChoice = { threads: 1, isolated: false, note: 'single-threaded' };

/** Called once per replica before any WASM runtime starts; the runtimes read `wasmThreads()`. */
export function chooseThreads(init: Pick<ReplicaInit, 'threads'>): ThreadChoice {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  if (!isolated) {
    chosen = { threads: 1, isolated, note: 'single-threaded: this page is not cross-origin isolated (e.g. the hub inside another site), so WASM threads are unavailable' };
  } else if (init.threads) {
    chosen = { threads: init.threads, isolated, note: `${init.threads} WASM thread${init.threads === 1 ? '' : 's'} (forced)` };
  } else {
    const threads = Math.max(1, Math.min(DEFAULT_THREADS, cores));
    chosen = { threads, isolated, note: `${threads} WASM thread${threads === 1 ? '' : 's'} per replica (cross-origin isolated, ${cores} cores)` };
  }
  return chosen;
}

export function wasmThreads(): number {
  return chosen.threads;
}
