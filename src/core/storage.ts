/**
 * The storage methods every service answers, as `ping` is: its models (list, make available offline,
 * forget one) and its own data (usage, export, import, clear). `defineContract` adds them; the runtime
 * (src/runtime/storage/storage.ts) answers them, so a service writes none of this itself.
 */
import './jitless';
import { z } from 'zod';
import type { CallOptions, MethodSpec } from './method';

const isBlob = (value: unknown) => typeof Blob === 'function' && value instanceof Blob;

export const storageMethods = {
  offlineModels: { idempotent: true, args: [], input: z.object({}) },
  prepare: { idempotent: true, args: [], input: z.object({}) },
  forgetModel: { needs: 'storage', args: ['id'], input: z.object({ id: z.string().min(1) }) },
  usage: { needs: 'storage', idempotent: true, args: [], input: z.object({}) },
  exportData: { needs: 'storage', idempotent: true, args: [], input: z.object({}) },
  importData: {
    needs: 'storage',
    args: ['file'],
    input: z.object({ file: z.custom<Blob>(isBlob, { message: 'Expected the export file (a File or Blob of JSON).' }) }),
  },
  clearData: { needs: 'storage', args: [], input: z.object({}) },
} as const satisfies Record<string, MethodSpec>;

export type StorageMethodName = keyof typeof storageMethods;

export function isStorageMethod(method: string): method is StorageMethodName {
  return Object.hasOwn(storageMethods, method);
}

export interface ModelInfo {
  id: string;
  name: string;
  task: string;
  license: string;
  /** The stored size where cached, else the size the manifest lists (0 where it lists none). */
  bytes: number;
  cached: boolean;
  cachedAt?: number;
  /** One of the service's default models (what `prepare` downloads), not one only a visit forced. */
  default: boolean;
  /** Where the service needs any one of several models: the id of the first of them, shared by all. */
  group?: string;
  /** Set where this deployment lacks the model (a hub model neither pinned nor mirrored): the command that installs it. */
  install?: string;
}

export interface ModelsReport {
  service: string;
  /** Every default model (or one of each group of alternatives) is stored: the service works offline. */
  ready: boolean;
  models: ModelInfo[];
}

export interface StoreUsage {
  name: string;
  records: number;
  /** Estimated from the stored values (binary sizes exact, text and numbers approximate). */
  bytes: number;
  /** The most records the service keeps in this store, where it sets a limit. */
  maxRecords?: number;
}

export interface UsageReport {
  service: string;
  database: string;
  stores: StoreUsage[];
  bytes: number;
  /** The whole origin's usage and quota as the browser reports them, and whether storage is persistent. */
  origin?: { usage: number; quota: number; persisted: boolean };
}

export interface ImportReport {
  service: string;
  /** Records restored per store. */
  records: Record<string, number>;
}

/** What `ai.<service>` offers besides the service's own methods. */
export interface StorageApi {
  /** The service's default models and what its model cache holds, with sizes. */
  offlineModels(options?: CallOptions): Promise<ModelsReport>;
  /** Downloads every default model not stored yet ("make available offline"), with byte progress. */
  prepare(options?: CallOptions): Promise<ModelsReport>;
  forgetModel(id: string, options?: CallOptions): Promise<ModelsReport>;
  usage(options?: CallOptions): Promise<UsageReport>;
  /** The service's own data (not its model cache) as one JSON file. */
  exportData(options?: CallOptions): Promise<File>;
  /** Replaces the service's data with an export's, all or nothing. */
  importData(file: Blob, options?: CallOptions): Promise<ImportReport>;
  /** Deletes the service's own data (not its model cache). */
  clearData(options?: CallOptions): Promise<UsageReport>;
}
