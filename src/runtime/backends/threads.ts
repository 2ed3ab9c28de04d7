/**
 * How many threads a replica's WASM runtimes (TF.js wasm, ONNX Runtime wasm) use. Threads need
 * SharedArrayBuffer, which a page has only when it is cross-origin isolated (COOP + COEP): the app is,
 * the hub inside a partner's page usually is not, and then every replica runs single-threaded.
 */
import type { ReplicaInit } from '../../core/protocol';

/**
 * Threads per replica when isolated and not forced: 1 up to 3 cores, else half the cores up to 4.
 * On a small machine a second thread speeds one call up less than the second core serves as a second
 * replica with requests in flight, and the small models lose more to the threads' hand-offs than they
 * gain. `npm run bench threads` measures both; its figures are in the bench report (bench/results.json).
 */
export function defaultThreads(cores: number): number {
  return cores < 4 ? 1 : Math.min(4, Math.floor(cores / 2));
}

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
    const threads = defaultThreads(cores);
    chosen = { threads, isolated, note: `${threads} WASM thread${threads === 1 ? '' : 's'} per replica (cross-origin isolated, ${cores} cores)` };
  }
  return chosen;
}

export function wasmThreads(): number {
  return chosen.threads;
}
