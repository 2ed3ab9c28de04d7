/** The image service's own database: the runtime's model cache and settings, plus a capped history. */
import { z } from 'zod';
import { Coalescer } from '../../src/runtime/serving/coalesce';
import { addCapped, listNewest, openServiceDb, type ServiceDb } from '../../src/runtime/storage/store';
import type { StoreSpecs } from '../../src/runtime/storage/store-limits';
import type { HistoryEntry } from './contract';
import { CUSTOM_STORE, MAX_CLASSES, MAX_CUSTOM_MODELS, MAX_EXAMPLES_PER_CLASS } from './custom';

const HISTORY = 'history';
/** Oldest entries go first once the history holds this many. */
export const HISTORY_CAP = 200;

const size = z.number().int().min(0);

/**
 * A thumbnail as the store keeps it: its bytes, not a Blob. WebKit refuses to put a Blob into IndexedDB in
 * some sessions ("Error preparing Blob/File data to be stored in object store"), and the entry went with it.
 */
interface StoredThumbnail {
  type: string;
  bytes: ArrayBuffer;
}

type StoredEntry = Omit<HistoryEntry, 'id' | 'thumbnail'> & { id?: number; thumbnail?: StoredThumbnail | Blob };

export const IMAGE_STORES: StoreSpecs = {
  [HISTORY]: {
    noun: 'history entries',
    maxRecords: HISTORY_CAP,
    record: z.object({
      id: size,
      at: z.number(),
      task: z.enum(['classify', 'detect']),
      model: z.string(),
      label: z.string(),
      probability: z.number(),
      width: size,
      height: size,
      // A Blob: written by an earlier version, or in one of its exports.
      thumbnail: z.union([z.object({ type: z.string().max(100), bytes: z.instanceof(ArrayBuffer) }), z.instanceof(Blob)]).optional(),
    }),
  },
  [CUSTOM_STORE]: {
    noun: 'custom models',
    maxRecords: MAX_CUSTOM_MODELS,
    record: z
      .object({
        name: z.string().min(1).max(64),
        base: z.string().min(1),
        dimensions: z.number().int().min(1).max(8192),
        classes: z.array(z.object({ label: z.string().min(1).max(100), examples: z.array(z.array(z.number())).max(MAX_EXAMPLES_PER_CLASS) })).max(MAX_CLASSES),
        updatedAt: z.number(),
      })
      .refine((m) => m.classes.every((c) => c.examples.every((e) => e.length === m.dimensions)), 'Every example must have the model\'s dimensions.'),
  },
};

export function openImageDb(): Promise<ServiceDb> {
  // Version 2 adds the custom models (their examples' embeddings), keyed by name.
  return openServiceDb('image', 2, (db) => {
    if (!db.objectStoreNames.contains(HISTORY)) db.createObjectStore(HISTORY, { keyPath: 'id', autoIncrement: true });
    if (!db.objectStoreNames.contains(CUSTOM_STORE)) db.createObjectStore(CUSTOM_STORE, { keyPath: 'name' });
  });
}

/**
 * Writes history entries. Entries answered while a write is under way (a burst of requests) go into the
 * next write together: one transaction and one trim of the oldest, not one of each per answer.
 */
export function historyWriter(db: ServiceDb): (entry: Omit<HistoryEntry, 'id'>) => Promise<void> {
  const writes = new Coalescer<Omit<HistoryEntry, 'id'>, void>(async (entries) => {
    const stored = await Promise.all(entries.map(async ({ thumbnail, ...entry }): Promise<StoredEntry> => (thumbnail ? { ...entry, thumbnail: { type: thumbnail.type, bytes: await thumbnail.arrayBuffer() } } : entry)));
    await addCapped(db, HISTORY, stored, HISTORY_CAP);
    return entries.map(() => undefined);
  }, HISTORY_CAP);
  return async (entry) => {
    await writes.submit([entry]);
  };
}

export async function listHistory(db: ServiceDb, limit: number): Promise<HistoryEntry[]> {
  const stored = await listNewest<StoredEntry & { id: number }>(db, HISTORY, limit);
  return stored.map(({ thumbnail, ...entry }) => ({
    ...entry,
    ...(thumbnail && { thumbnail: thumbnail instanceof Blob ? thumbnail : new Blob([thumbnail.bytes], { type: thumbnail.type }) }),
  }));
}

export async function clearHistory(db: ServiceDb): Promise<void> {
  await db.clear(HISTORY);
}
