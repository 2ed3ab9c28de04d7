/**
 * Where the browser refuses IndexedDB (third-party storage blocked for a cross-site embed: Chromium answers
 * "The user denied permission to access the database", as do Safari, Brave, Firefox strict and incognito
 * windows), a worker keeps going with an in-memory IndexedDB: models are held for the session, nothing is
 * kept after it, and the methods that need stored data answer STORAGE_UNAVAILABLE (serve.ts).
 */
import type { StorageState } from '../../core/protocol';

let state: StorageState = { persistent: true };
let superseded = false;

export function storageState(): StorageState {
  return state;
}

/** An error from opening a database that means "no storage here", not a bug or a full disk. */
export function isStorageRefused(error: unknown): boolean {
  if (typeof indexedDB === 'undefined') return true;
  if (!(error instanceof DOMException)) return false;
  if (error.name === 'SecurityError' || error.name === 'InvalidStateError') return true;
  return error.name === 'UnknownError' && /denied|permission/i.test(error.message);
}

/** The swap to memory, once begun: later openers wait for it rather than reach the real IndexedDB. */
let swapping: Promise<void> | undefined;

/**
 * Replaces this worker's IndexedDB with an in-memory one (fake-indexeddb, loaded only here) for the
 * rest of its life. idb finds the replacement through the globals, so every store works unchanged.
 * The state changes at once, so a request that arrives while the replacement loads already hears why.
 */
export function holdInMemory(service: string, refusal: unknown, notice?: string): Promise<void> {
  if (swapping) return swapping;
  const reason = refusal instanceof Error ? refusal.message : 'IndexedDB is not available';
  state = {
    persistent: false,
    notice:
      notice ??
      `This browser keeps no data for the ${service} service here (${reason}), as browsers do for embedded sites when third-party storage is blocked. ` +
      'Models are held in memory for this visit and downloaded again next time; stored data (history, custom models, documents, exports) is unavailable.',
  };
  swapping = (async () => {
    const memory = await import('fake-indexeddb');
    const globals = ['indexedDB', 'IDBCursor', 'IDBCursorWithValue', 'IDBDatabase', 'IDBFactory', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBOpenDBRequest', 'IDBRequest', 'IDBTransaction', 'IDBVersionChangeEvent'] as const;
    // `indexedDB` is a getter on the worker's global: define over it, as fake-indexeddb/auto does.
    for (const name of globals) Object.defineProperty(globalThis, name, { value: memory[name], configurable: true, writable: true, enumerable: false });
    console.warn(`InPage ${service}: storage refused (${reason}); holding models in memory for this session.`);
  })();
  return swapping;
}

/** Resolves once IndexedDB is the one to use from now on (at once, unless a swap to memory is loading). */
export function inMemoryReady(): Promise<void> {
  return swapping ?? Promise.resolve();
}

/** Why a worker let go of its database for a newer version of the app: what its storage calls answer from then on. */
export function supersededNotice(service: string): string {
  return (
    `A newer version of InPage opened the ${service} service's data in another tab or frame, so this page let go of it to let that one upgrade. ` +
    'Reload this page to use your stored data again; until then nothing is stored here.'
  );
}

/**
 * This worker closed its database for a newer version (see openServiceDb): from now on it stores
 * nothing and says why. No swap to memory here: idb has already met the real IndexedDB in this worker
 * and would not wrap the in-memory one.
 */
export function letGo(service: string): void {
  state = { persistent: false, notice: supersededNotice(service) };
  superseded = true;
}

/** Whether this worker let go of its database (letGo): opening it again would only meet the newer version. */
export function isSuperseded(): boolean {
  return superseded;
}
