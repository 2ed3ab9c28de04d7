/** The image service's own database: the runtime's model cache and settings, plus a capped history. */
import { openServiceDb, type ServiceDb } from '../../src/runtime/store';
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

export async function addHistory(db: ServiceDb, entry: Omit<HistoryEntry, 'id'>): Promise<void> {
  const tx = db.transaction(HISTORY, 'readwrite');
  await tx.store.add(entry);
  const excess = (await tx.store.count()) - HISTORY_CAP;
  if (excess > 0) {
    let cursor = await tx.store.openCursor();
    for (let i = 0; i < excess && cursor; i += 1) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}

export async function listHistory(db: ServiceDb, limit: number): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor = await db.transaction(HISTORY).store.openCursor(null, 'prev');
  while (cursor && entries.length < limit) {
    entries.push(cursor.value as HistoryEntry);
    cursor = await cursor.continue();
  }
  return entries;
}

export async function clearHistory(db: ServiceDb): Promise<void> {
  await db.clear(HISTORY);
}
