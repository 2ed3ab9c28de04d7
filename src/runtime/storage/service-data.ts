/**
 * A service's own data — its stores, not the runtime's model cache or device settings — measured,
 * exported as one JSON file, imported all or nothing, and cleared.
 */
import { z } from 'zod';
import { InPageError } from '../../core/errors';
import { readJsonFile } from '../input/json-file';
import type { ImportReport, StoreUsage, UsageReport } from '../../core/storage';
import { cachedModels } from '../models/offline-models';
import { decodeValue, encodeValue } from './portable';
import { GUEST_STORE, guardWrite, MODEL_STORE, SETTINGS_STORE, type ServiceDb } from './store';
import { checkImport, type StoreSpecs } from './store-limits';

export const EXPORT_FORMAT = 'inpage-export';
/** Exports larger than this are refused before they are read into memory. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/**
 * The stores holding the service's data: its own. The runtime's two (the model cache, and settings such as
 * the backend measured on this device) describe the device, not the person's data.
 */
function dataStores(db: ServiceDb): string[] {
  return [...db.objectStoreNames].filter((name) => name !== MODEL_STORE && name !== SETTINGS_STORE && name !== GUEST_STORE);
}

export async function usage(service: string, db: ServiceDb, specs: StoreSpecs = {}): Promise<UsageReport> {
  const stores: StoreUsage[] = [];
  const models = await cachedModels(db);
  stores.push({ name: MODEL_STORE, records: models.size, bytes: [...models.values()].reduce((sum, m) => sum + m.bytes, 0) });
  for (const name of dataStores(db)) {
    let records = 0;
    let bytes = 0;
    for (let cursor = await db.transaction(name).store.openCursor(); cursor; cursor = await cursor.continue()) {
      records += 1;
      bytes += sizeOf(cursor.key) + sizeOf(cursor.value);
    }
    const maxRecords = Object.hasOwn(specs, name) ? specs[name]!.maxRecords : undefined;
    stores.push({ name, records, bytes, ...(maxRecords === undefined ? {} : { maxRecords }) });
  }
  const report: UsageReport = { service, database: db.name, stores, bytes: stores.reduce((sum, s) => sum + s.bytes, 0) };
  if (typeof navigator !== 'undefined' && navigator.storage?.estimate) {
    const [estimate, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted?.() ?? false]);
    report.origin = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  }
  return report;
}

/** Bytes a value takes, roughly as IndexedDB would: exact for binary data, two bytes per character. */
export function sizeOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length * 2;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'boolean') return 4;
  if (typeof value !== 'object') return 0;
  if (typeof Blob === 'function' && value instanceof Blob) return value.size;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof Date) return 8;
  if (value instanceof Map) return [...value].reduce((sum, [k, v]) => sum + sizeOf(k) + sizeOf(v), 0);
  if (Array.isArray(value) || value instanceof Set) return [...value].reduce((sum: number, v) => sum + sizeOf(v), 0);
  return Object.entries(value).reduce((sum, [k, v]) => sum + k.length * 2 + sizeOf(v), 0);
}

const exportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  service: z.string(),
  exportedAt: z.string(),
  stores: z.record(z.string(), z.object({ records: z.array(z.object({ key: z.unknown(), value: z.unknown() })) })),
});

type ExportFile = z.infer<typeof exportSchema>;

export async function exportData(service: string, db: ServiceDb): Promise<File> {
  const names = dataStores(db);
  // Read everything in one transaction (a consistent snapshot), then encode: awaiting a Blob's bytes
  // inside the transaction would let it commit under us.
  const raw: Record<string, { keys: IDBValidKey[]; values: unknown[] }> = {};
  if (names.length) {
    const tx = db.transaction(names);
    for (const name of names) {
      const [keys, values] = await Promise.all([tx.objectStore(name).getAllKeys(), tx.objectStore(name).getAll()]);
      raw[name] = { keys, values };
    }
    await tx.done;
  }
  const exported: ExportFile = { format: EXPORT_FORMAT, version: 1, service, exportedAt: new Date().toISOString(), stores: {} };
  for (const [name, { keys, values }] of Object.entries(raw)) {
    const records = [];
    for (const [i, key] of keys.entries()) records.push({ key: await encodeValue(key), value: await encodeValue(values[i]) });
    exported.stores[name] = { records };
  }
  const day = exported.exportedAt.slice(0, 10);
  return new File([JSON.stringify(exported)], `inpage-${service}-${day}.json`, { type: 'application/json' });
}

export async function importData(
  service: string,
  file: Blob,
  withDb: <T>(work: (db: ServiceDb) => Promise<T>) => Promise<T>,
  specs: StoreSpecs = {},
): Promise<ImportReport> {
  const invalid = (why: string) => new InPageError('INVALID_INPUT', `This file cannot be imported into the ${service} service: ${why}`, service);
  const json = await readJsonFile(file, { service, maxBytes: MAX_IMPORT_BYTES, what: 'exports', invalid: (why) => invalid(`${why}, so not an InPage export.`) });
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) throw invalid('it is not an InPage export (its format, version or stores are missing or wrong).');
  // The store names as the file has them: JSON.parse keeps "__proto__" as an own key, which a parsed
  // record would turn into a prototype (and an empty import that wipes the data).
  const named = Object.keys((json as { stores: object }).stores);
  const data = parsed.data;
  if (data.service !== service) throw invalid(`it is an export of the ${data.service} service.`);
  let decoded: Record<string, { key: IDBValidKey; value: unknown }[]>;
  try {
    decoded = Object.fromEntries(
      Object.entries(data.stores).map(([name, { records }]) => [
        name,
        records.map((r) => ({ key: decodeValue(r.key) as IDBValidKey, value: decodeValue(r.value) })),
      ]),
    );
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  // Every record must be what the service's own code expects to read back (a document without its
  // embedding would break every later search), and no store may exceed its limit.
  // What is written is what the check read: a field no spec knows is not carried into the store.
  decoded = checkImport(service, specs, decoded);

  return withDb(async (db) => {
    const stores = dataStores(db);
    const unknown = named.filter((name) => !stores.includes(name));
    if (unknown.length) throw invalid(`it holds stores this service does not have (${unknown.join(', ')}).`);
    // An export lists every store, empty ones too: a file without one is cut short, not a wish to delete it.
    const missing = stores.filter((name) => !named.includes(name));
    if (missing.length) throw invalid(`it lacks the ${missing.join(', ')} store${missing.length > 1 ? 's' : ''} an export of this service has.`);
    // One transaction: the old data is replaced completely, or (quota, a bad record) not at all.
    await guardWrite(service, 'the imported data', async () => {
      const tx = db.transaction(stores, 'readwrite');
      try {
        await clearIn(tx, stores);
        for (const [name, records] of Object.entries(decoded)) {
          const store = tx.objectStore(name);
          for (const { key, value } of records) await (store.keyPath === null ? store.put(value, key) : store.put(value));
        }
      } catch (error) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw error instanceof DOMException && error.name === 'DataError' ? invalid(`a record does not fit its store (${error.message}).`) : error;
      }
      await tx.done;
    });
    return { service, records: Object.fromEntries(Object.entries(decoded).map(([name, records]) => [name, records.length])) };
  });
}

export async function clearDataStores(db: ServiceDb): Promise<void> {
  // The partners' own go with the person's: clearing a service leaves nothing of anyone behind.
  const stores = [...dataStores(db), ...(db.objectStoreNames.contains(GUEST_STORE) ? [GUEST_STORE] : [])];
  if (!stores.length) return;
  const tx = db.transaction(stores, 'readwrite');
  await clearIn(tx, stores);
  await tx.done;
}

type WriteTx = ReturnType<ServiceDb['transaction']>;

async function clearIn(tx: WriteTx, stores: string[]): Promise<void> {
  for (const name of stores) await tx.objectStore(name).clear!();
}
