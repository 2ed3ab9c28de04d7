/**
 * The storage methods every service answers (see src/core/storage.ts): its models — listed, made
 * available offline, forgotten (offline-models.ts) — and its own data — measured, exported, imported,
 * cleared (service-data.ts). They work on the service's own database only, opened per call and closed
 * after, so they never hold up an upgrade.
 */
import type { StorageMethodName } from '../../core/storage';
import type { ModelManifest } from '../models/manifest';
import { mirrorLock } from '../models/lock';
import { forgetModel } from '../models/models';
import { listModels, prepareModels } from '../models/offline-models';
import { clearDataStores, exportData, importData, usage } from './service-data';
import type { RequestContext } from '../serving/request';
import { guardWrite, openServiceDb, type ServiceDb } from './store';
import type { StoreSpecs } from './store-limits';

export interface StorageOptions {
  service: string;
  /** The service's catalogue (catalogue.ts): any one model of each group will do. */
  groups: readonly (readonly ModelManifest[])[];
  /** The service's own opener (so its stores exist with its upgrade); default: the runtime's two stores. */
  openDb?: () => Promise<ServiceDb>;
  stores?: StoreSpecs;
  modelBase: string;
}

type StorageHandler = (payload: Record<string, unknown>, request: RequestContext) => Promise<unknown>;

export function storageHandlers(options: StorageOptions): Record<StorageMethodName, StorageHandler> {
  const { service, stores = {} } = options;
  const groups = options.groups.map((group) => [...group]);
  const open = options.openDb ?? (() => openServiceDb(service, 1));
  const withDb = async <T>(work: (db: ServiceDb) => Promise<T>): Promise<T> => {
    const db = await open();
    try {
      return await work(db);
    } finally {
      db.close();
    }
  };

  const models = async (db: ServiceDb) => listModels(service, groups, db, await mirrorLock(options.modelBase));

  return {
    offlineModels: () => withDb(models),
    prepare: (_payload, request) => withDb(async (db) => prepareModels(service, groups, db, options.modelBase, request).then(() => models(db))),
    forgetModel: ({ id }) =>
      withDb(async (db) => {
        await forgetModel(db, id as string);
        return models(db);
      }),
    usage: () => withDb((db) => usage(service, db, stores)),
    exportData: () => withDb((db) => exportData(service, db)),
    importData: ({ file }) => importData(service, file as Blob, withDb, stores),
    clearData: () =>
      withDb(async (db) => {
        await guardWrite(service, 'the clearing', () => clearDataStores(db));
        return usage(service, db, stores);
      }),
  };
}
