/**
 * The storage methods every service answers (see src/bus/storage.ts): its models — listed, made
 * available offline, forgotten — and its own data — measured, exported, imported, cleared. They work on
 * the service's own database only, opened per call and closed after, so they never hold up an upgrade.
 */
import { z } from 'zod';
import { InPageError } from '../bus/errors';
import type { Progress } from '../bus/protocol';
import type { ImportReport, ModelInfo, ModelsReport, StorageMethodName, StoreUsage, UsageReport } from '../bus/storage';
import type { ModelManifest } from './manifest';
import { cachedInfoKey, forgetModel, loadModelFiles, tfjsShards, type CachedModel, type CachedModelInfo } from './models';
import { decodeValue, encodeValue } from './portable';
import type { RequestContext } from './serve';
import { guardWrite, MODEL_STORE, openServiceDb, SETTINGS_STORE, type ServiceDb } from './store';

/** A default model, or alternatives the service tries in order where any one of them will do. */
export type ModelChoice = ModelManifest | readonly ModelManifest[];

export interface StorageOptions {
  service: string;
  models: readonly ModelChoice[];
  /** The service's own opener (so its stores exist with its upgrade); default: the runtime's two stores. */
  openDb?: () => Promise<ServiceDb>;
  modelBase: string;
}

export const EXPORT_FORMAT = 'inpage-export';
/** Exports larger than this are refused before they are read into memory. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

type StorageHandler = (payload: Record<string, unknown>, request: RequestContext) => Promise<unknown>;

export function storageHandlers(options: StorageOptions): Record<StorageMethodName, StorageHandler> {
  const { service } = options;
  const groups = options.models.map((choice) => (Array.isArray(choice) ? [...choice] : [choice]) as ModelManifest[]);
  const open = options.openDb ?? (() => openServiceDb(service, 1));
  const withDb = async <T>(work: (db: ServiceDb) => Promise<T>): Promise<T> => {
    const db = await open();
    try {
      return await work(db);
    } finally {
      db.close();
    }
  };

  const models = (db: ServiceDb) => listModels(service, groups, db);

  return {
    models: () => withDb(models),
    prepare: (_payload, request) => withDb(async (db) => prepare(service, groups, db, options.modelBase, request).then(() => models(db))),
    forgetModel: ({ id }) =>
      withDb(async (db) => {
        await forgetModel(db, id as string);
        return models(db);
      }),
    usage: () => withDb((db) => usage(service, db)),
    exportData: () => withDb((db) => exportData(service, db)),
    importData: ({ file }) => importData(service, file as Blob, withDb),
    clearData: () =>
      withDb(async (db) => {
        await guardWrite(service, 'the clearing', () => clearDataStores(db));
        return usage(service, db);
      }),
  };
}

// ---- models -------------------------------------------------------------------------------------

async function listModels(service: string, groups: ModelManifest[][], db: ServiceDb): Promise<ModelsReport> {
  const cached = await cachedModels(db);
  const isCached = (manifest: ModelManifest) => {
    const info = cached.get(manifest.id);
    return !!info && manifest.files.every((file) => !file.sha256 || info.sha256[file.path] === file.sha256);
  };
  const list: ModelInfo[] = groups.flatMap((group) =>
    group.map((manifest) => {
      const info = isCached(manifest) ? cached.get(manifest.id) : undefined;
      return {
        id: manifest.id,
        name: manifest.name,
        task: manifest.task,
        license: manifest.license,
        bytes: info?.bytes ?? manifest.files.reduce((sum, file) => sum + (file.bytes ?? 0), 0),
        cached: !!info,
        ...(info && { cachedAt: info.cachedAt }),
        default: true,
        ...(group.length > 1 && { group: group[0]!.id }),
      };
    }),
  );
  // Models only a forced visit (?model=) or an older version stored: listed so they can be removed.
  for (const [id, info] of cached) {
    if (list.some((m) => m.id === id)) continue;
    list.push({ id, name: id, task: '', license: '', bytes: info.bytes, cached: true, cachedAt: info.cachedAt, default: false });
  }
  const ready = groups.every((group) => group.some(isCached));
  return { service, ready, models: list };
}

/** Sizes of the cached models from their small info records; a record without one is read once. */
async function cachedModels(db: ServiceDb): Promise<Map<string, CachedModelInfo>> {
  const ids = (await db.getAllKeys(MODEL_STORE)) as string[];
  const found = new Map<string, CachedModelInfo>();
  for (const id of ids) {
    let info = (await db.get(SETTINGS_STORE, cachedInfoKey(id))) as CachedModelInfo | undefined;
    if (!info) {
      const record = (await db.get(MODEL_STORE, id)) as CachedModel | undefined;
      if (!record) continue;
      const bytes = Object.values(record.files).reduce((sum, file) => sum + file.byteLength, 0);
      info = { bytes, sha256: record.sha256, cachedAt: record.cachedAt };
    }
    found.set(id, info);
  }
  return found;
}

/**
 * Downloads every default model not stored yet, one group after another, with one byte count over all
 * of them. What downloads stays stored even when another model fails; the failures are then reported.
 */
async function prepare(service: string, groups: ModelManifest[][], db: ServiceDb, modelBase: string, request: RequestContext) {
  const { models } = await listModels(service, groups, db);
  const cachedIds = new Set(models.filter((m) => m.cached).map((m) => m.id));
  const missing = groups.filter((group) => !group.some((m) => cachedIds.has(m.id)));
  const expected = (group: ModelManifest[]) => group[0]!.files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);
  let done = 0;
  const failures: string[] = [];
  // Fetches follow the request: cancelling it stops the download in flight, not only the next one.
  const fetchFn: typeof fetch = (input, init) => fetch(input, { ...init, signal: request.signal });

  for (const [index, group] of missing.entries()) {
    request.signal.throwIfAborted();
    const later = missing.slice(index + 1).reduce((sum, g) => sum + expected(g), 0);
    const errors: string[] = [];
    let stored = false;
    for (const manifest of group) {
      let current = 0;
      const onProgress = (p: Progress) => {
        current = p.loaded ?? current;
        const total = done + Math.max(p.total ?? 0, current) + later;
        request.progress({ phase: 'download', file: p.file, loaded: done + current, total, message: manifest.name });
      };
      try {
        const model = await loadModelFiles(manifest, { db, modelBase, onProgress, fetch: fetchFn, discover: discoverFor(manifest) });
        if (model.cacheError) throw model.cacheError;
        done += model.bytes;
        stored = true;
        break;
      } catch (error) {
        request.signal.throwIfAborted();
        const failure = InPageError.from(error, service);
        if (failure.code === 'QUOTA_EXCEEDED') throw failure;
        errors.push(failure.message);
      }
    }
    if (!stored) failures.push(...errors);
  }
  if (failures.length) {
    throw new InPageError('MODEL_UNAVAILABLE', `The ${service} service is not fully available offline: ${failures.join(' ')}`, service);
  }
}

function discoverFor(manifest: ModelManifest) {
  return manifest.runtime.startsWith('tfjs') ? tfjsShards : undefined;
}

// ---- the service's own data ---------------------------------------------------------------------

/** The stores holding the service's data: everything but the model cache. */
function dataStores(db: ServiceDb): string[] {
  return [...db.objectStoreNames].filter((name) => name !== MODEL_STORE);
}

/** Settings keys that describe the model cache belong to it, not to the data. */
const isCacheKey = (store: string, key: IDBValidKey) => store === SETTINGS_STORE && typeof key === 'string' && key.startsWith('model:');

async function usage(service: string, db: ServiceDb): Promise<UsageReport> {
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
    stores.push({ name, records, bytes });
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

async function exportData(service: string, db: ServiceDb): Promise<File> {
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
    for (const [i, key] of keys.entries()) {
      if (isCacheKey(name, key)) continue;
      records.push({ key: await encodeValue(key), value: await encodeValue(values[i]) });
    }
    exported.stores[name] = { records };
  }
  const day = exported.exportedAt.slice(0, 10);
  return new File([JSON.stringify(exported)], `inpage-${service}-${day}.json`, { type: 'application/json' });
}

async function importData(service: string, file: Blob, withDb: <T>(work: (db: ServiceDb) => Promise<T>) => Promise<T>): Promise<ImportReport> {
  const invalid = (why: string) => new InPageError('INVALID_INPUT', `This file cannot be imported into the ${service} service: ${why}`, service);
  if (file.size > MAX_IMPORT_BYTES) {
    throw new InPageError('TOO_LARGE', `The file is ${Math.round(file.size / 1048576)} MB; exports up to ${MAX_IMPORT_BYTES / 1048576} MB are accepted.`, service);
  }
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    throw invalid('it is not JSON, so not an InPage export.');
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) throw invalid('it is not an InPage export (its format, version or stores are missing or wrong).');
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

  return withDb(async (db) => {
    const stores = dataStores(db);
    const unknown = Object.keys(decoded).filter((name) => !stores.includes(name));
    if (unknown.length) throw invalid(`it holds stores this service does not have (${unknown.join(', ')}).`);
    // One transaction: the old data is replaced completely, or (quota, a bad record) not at all.
    await guardWrite(service, 'the imported data', async () => {
      const tx = db.transaction(stores, 'readwrite');
      try {
        await clearIn(tx, stores);
        for (const [name, records] of Object.entries(decoded)) {
          const store = tx.objectStore(name);
          for (const { key, value } of records) {
            if (isCacheKey(name, key)) continue;
            await (store.keyPath === null ? store.put(value, key) : store.put(value));
          }
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

async function clearDataStores(db: ServiceDb): Promise<void> {
  const stores = dataStores(db);
  if (!stores.length) return;
  const tx = db.transaction(stores, 'readwrite');
  await clearIn(tx, stores);
  await tx.done;
}

type WriteTx = ReturnType<ServiceDb['transaction']>;

/** Empties the data stores, keeping the settings that describe the model cache. */
async function clearIn(tx: WriteTx, stores: string[]): Promise<void> {
  for (const name of stores) {
    const store = tx.objectStore(name);
    if (name !== SETTINGS_STORE) {
      await store.clear!();
      continue;
    }
    for (const key of await store.getAllKeys()) if (!isCacheKey(name, key)) await store.delete!(key);
  }
}
