/**
 * Where the browser refuses IndexedDB (third-party storage blocked for a cross-site embed: Chromium answers
 * "The user denied permission to access the database", as do Safari, Brave, Firefox strict and incognito
 * windows), a worker keeps going with an in-memory IndexedDB: models are held for the session, nothing is
 * kept after it, and the methods that need stored data answer STORAGE_UNAVAILABLE (serve.ts).
 */
import type { StorageState } from '../bus/protocol';

let state: StorageState = { persistent: true };

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

/**
 * Replaces this worker's IndexedDB with an in-memory one (fake-indexeddb, loaded only here) for the
 * rest of its life. idb finds the replacement through the globals, so every store works unchanged.
 */
export async function holdInMemory(service: string, refusal: unknown): Promise<void> {
  if (!state.persistent) return;
  const reason = refusal instanceof Error ? refusal.message : 'IndexedDB is not available';
  const memory = await import('fake-indexeddb');
  const globals = ['indexedDB', 'IDBCursor', 'IDBCursorWithValue', 'IDBDatabase', 'IDBFactory', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBOpenDBRequest', 'IDBRequest', 'IDBTransaction', 'IDBVersionChangeEvent'] as const;
  // `indexedDB` is a getter on the worker's global: define over it, as fake-indexeddb/auto does.
  for (const name of globals) Object.defineProperty(globalThis, name, { value: memory[name], configurable: true, writable: true, enumerable: false });
  state = {
    persistent: false,
    notice:
      `This browser keeps no data for the ${service} service here (${reason}), as browsers do for embedded sites when third-party storage is blocked. ` +
      'Models are held in memory for this visit and downloaded again next time; stored data (history, custom models, documents, exports) is unavailable.',
  };
  console.warn(`InPage ${service}: storage refused (${reason}); holding models in memory for this session.`);
}
