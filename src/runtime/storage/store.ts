/**
 * Each service owns one IndexedDB database, `inpage-<service>`. The runtime keeps two stores in it
 * (the model cache and settings); the service adds its own in its upgrade step.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { InPageError } from '../../core/errors';
import { holdInMemory, inMemoryReady, isStorageRefused, isSuperseded, letGo, storageState, supersededNotice } from './memory-db';

export const MODEL_STORE = 'models';
export const SETTINGS_STORE = 'settings';
/** What partners without the storage grant made (a guest's tabular models): not the person's data to export or import. */
export const GUEST_STORE = 'guest';

export type ServiceDb = IDBPDatabase<unknown>;

/** Opens the service's database; where the browser refuses storage, an in-memory one (see memory-db.ts). */
export async function openServiceDb(
  service: string,
  version: number,
  upgrade: (db: ServiceDb, oldVersion: number) => void = () => undefined,
): Promise<ServiceDb> {
  const open = () =>
    openDB(`inpage-${service}`, version, {
      upgrade(db, oldVersion) {
        if (!db.objectStoreNames.contains(MODEL_STORE)) db.createObjectStore(MODEL_STORE, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(SETTINGS_STORE)) db.createObjectStore(SETTINGS_STORE);
        upgrade(db, oldVersion);
      },
      // Another tab or frame runs a newer version: let go at once (its upgrade waits for every open
      // connection), and from now on say why nothing is stored here.
      blocking(_current, _wanted, event) {
        (event.target as IDBDatabase).close();
        letGo(service);
      },
      blocked(_current, wanted) {
        console.warn(`InPage ${service}: waiting for older pages to let go of the database before upgrading it to version ${wanted}.`);
      },
    });
  if (isSuperseded()) throw new InPageError('STORAGE_UNAVAILABLE', supersededNotice(service), service);
  if (!storageState().persistent) return inMemoryReady().then(open);
  try {
    return await open();
  } catch (error) {
    // This worker's code is older than the database (a newer version upgraded it): it runs from memory.
    if (error instanceof DOMException && error.name === 'VersionError') {
      await holdInMemory(service, error, supersededNotice(service));
      return open();
    }
    if (!isStorageRefused(error)) throw error;
    await holdInMemory(service, error);
    return open();
  }
}

export async function readSetting<T>(db: ServiceDb, key: string): Promise<T | undefined> {
  return (await db.get(SETTINGS_STORE, key)) as T | undefined;
}

export async function writeSetting(db: ServiceDb, key: string, value: unknown): Promise<void> {
  await db.put(SETTINGS_STORE, value, key);
}

/**
 * Runs one write of a service's own data. IndexedDB transactions are all or nothing, so a write the
 * browser refuses for quota leaves what was stored before; this names it QUOTA_EXCEEDED with what was
 * not saved and how to make room, instead of a bare DOMException.
 */
export async function guardWrite<T>(service: string, what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const failure = InPageError.from(error, service);
    if (failure.code !== 'QUOTA_EXCEEDED') throw failure;
    throw new InPageError(
      'QUOTA_EXCEEDED',
      `The browser's storage for this site is full, so ${what} was not saved; what was stored before is unchanged. ` +
        'Remove a model or clear some data on the Offline page, or free space on the device, then try again.',
      service,
    );
  }
}

/** Ends a readwrite transaction that a refused check left open, so nothing of it commits (and its end is no stray rejection). */
export function abandon(tx: { abort(): void; done: Promise<void> }): void {
  tx.done.catch(() => undefined);
  try {
    tx.abort();
  } catch {
    // Already finished: there was nothing left to undo.
  }
}

/** Adds records to an auto-increment store and drops the oldest beyond `cap`, in one transaction. */
export async function addCapped(db: ServiceDb, store: string, records: readonly unknown[], cap: number): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  for (const record of records) await tx.store.add(record);
  const excess = (await tx.store.count()) - cap;
  let cursor = excess > 0 ? await tx.store.openCursor() : null;
  for (let i = 0; i < excess && cursor; i += 1) {
    await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

/** The newest `limit` records of an auto-increment store, newest first. */
export async function listNewest<T>(db: ServiceDb, store: string, limit: number): Promise<T[]> {
  const records: T[] = [];
  let cursor = await db.transaction(store).store.openCursor(null, 'prev');
  while (cursor && records.length < limit) {
    records.push(cursor.value as T);
    cursor = await cursor.continue();
  }
  return records;
}
