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
      thumbnail: z.instanceof(Blob).optional(),
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
    await addCapped(db, HISTORY, entries, HISTORY_CAP);
    return entries.map(() => undefined);
  }, HISTORY_CAP);
  return async (entry) => {
    await writes.submit([entry]);
  };
}

export function listHistory(db: ServiceDb, limit: number): Promise<HistoryEntry[]> {
  return listNewest<HistoryEntry>(db, HISTORY, limit);
}

export async function clearHistory(db: ServiceDb): Promise<void> {
  await db.clear(HISTORY);
}
