/**
 * Each service owns one IndexedDB database, `inpage-<service>`. The runtime keeps two stores in it
 * (the model cache and settings); the service adds its own in its upgrade step.
 */
import { openDB, type IDBPDatabase } from 'idb';

export const MODEL_STORE = 'models';
export const SETTINGS_STORE = 'settings';

export type ServiceDb = IDBPDatabase<unknown>;

export function openServiceDb(
  service: string,
  version: number,
  upgrade: (db: ServiceDb, oldVersion: number) => void = () => undefined,
): Promise<ServiceDb> {
  return openDB(`inpage-${service}`, version, {
    upgrade(db, oldVersion) {
      if (!db.objectStoreNames.contains(MODEL_STORE)) db.createObjectStore(MODEL_STORE, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(SETTINGS_STORE)) db.createObjectStore(SETTINGS_STORE);
      upgrade(db, oldVersion);
    },
  });
}

export async function readSetting<T>(db: ServiceDb, key: string): Promise<T | undefined> {
  return (await db.get(SETTINGS_STORE, key)) as T | undefined;
}

export async function writeSetting(db: ServiceDb, key: string, value: unknown): Promise<void> {
  await db.put(SETTINGS_STORE, value, key);
}
