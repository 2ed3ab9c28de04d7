/** The image service's own database: the runtime's model cache and settings, plus a capped history. */
import { addCapped, listNewest, openServiceDb, type ServiceDb } from '../../src/runtime/store';
import type { HistoryEntry } from './contract';
import { CUSTOM_STORE } from './custom';

const HISTORY = 'history';
/** Oldest entries go first once the history holds this many. */
export const HISTORY_CAP = 200;

export function openImageDb(): Promise<ServiceDb> {
  // Version 2 adds the custom models (their examples' embeddings), keyed by name.
  return openServiceDb('image', 2, (db) => {
    if (!db.objectStoreNames.contains(HISTORY)) db.createObjectStore(HISTORY, { keyPath: 'id', autoIncrement: true });
    if (!db.objectStoreNames.contains(CUSTOM_STORE)) db.createObjectStore(CUSTOM_STORE, { keyPath: 'name' });
  });
}

export function addHistory(db: ServiceDb, entry: Omit<HistoryEntry, 'id'>): Promise<void> {
  return addCapped(db, HISTORY, entry, HISTORY_CAP);
}

export function listHistory(db: ServiceDb, limit: number): Promise<HistoryEntry[]> {
  return listNewest<HistoryEntry>(db, HISTORY, limit);
}

export async function clearHistory(db: ServiceDb): Promise<void> {
  await db.clear(HISTORY);
}
