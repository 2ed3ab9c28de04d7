/**
 * The speech service's own database: the runtime's model cache and settings, the custom-word examples
 * (normalised spectrograms), the trained custom model, and a capped history of recognised commands.
 */
import { z } from 'zod';
import { InPageError } from '../../src/core/errors';
import { addCapped, guardWrite, listNewest, openServiceDb, type ServiceDb } from '../../src/runtime/storage/store';
import type { StoreSpecs } from '../../src/runtime/storage/store-limits';
import type { ExampleCounts, HistoryEntry } from './contract';
import { BINS, FRAMES } from './spectrogram';

const EXAMPLES = 'examples';
const CUSTOM = 'custom';
const HISTORY = 'history';
export const HISTORY_CAP = 200;
/** Examples per word beyond this are refused: training time grows with them and 50 is plenty. */
export const MAX_EXAMPLES_PER_WORD = 50;
/** Custom words at once: the model's output grows with them, and a person trains a handful. */
export const MAX_WORDS = 20;

export interface StoredExample {
  id?: number;
  word: string;
  /** [43 * 232], normalised, the model input. */
  spectrogram: Float32Array;
  at: number;
}

/** A trained custom model: the TF.js artifacts of the whole model (base layers included) and its words. */
export interface StoredCustomModel {
  words: string[];
  base: string;
  modelTopology: object;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
  trainedAt: number;
}

const spectrogram = z.instanceof(Float32Array).refine((s) => s.length === FRAMES * BINS, `Expected a ${FRAMES}×${BINS} spectrogram.`);

export const SPEECH_STORES: StoreSpecs = {
  [EXAMPLES]: {
    noun: 'examples',
    maxRecords: MAX_WORDS * MAX_EXAMPLES_PER_WORD,
    record: z.object({ id: z.number().int().optional(), word: z.string().min(1).max(40), spectrogram, at: z.number() }),
  },
  [CUSTOM]: {
    noun: 'trained models',
    maxRecords: 1,
    // The store has no key path: its one record lives under this key, the one the service reads.
    key: z.literal('model'),
    record: z.object({
      words: z.array(z.string()).min(2).max(MAX_WORDS + 2),
      base: z.string(),
      modelTopology: z.object({}).loose(),
      weightSpecs: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.string() })),
      weightData: z.instanceof(ArrayBuffer),
      trainedAt: z.number(),
    }),
  },
  [HISTORY]: {
    noun: 'history entries',
    maxRecords: HISTORY_CAP,
    record: z.object({ id: z.number().int(), at: z.number(), label: z.string(), score: z.number(), model: z.string() }),
  },
};

/** Refuses a new word beyond MAX_WORDS (more examples of a word it has are counted per word). */
export function checkWordRoom(counts: ExampleCounts, word: string): void {
  const words = Object.keys(counts);
  if (!words.includes(word) && words.length >= MAX_WORDS) {
    throw new InPageError('QUOTA_EXCEEDED', `The speech service keeps at most ${MAX_WORDS} custom words; remove one before adding "${word}".`, 'speech', {
      store: EXAMPLES,
      maxWords: MAX_WORDS,
    });
  }
}

export function openSpeechDb(): Promise<ServiceDb> {
  return openServiceDb('speech', 1, (db) => {
    if (!db.objectStoreNames.contains(EXAMPLES)) db.createObjectStore(EXAMPLES, { keyPath: 'id', autoIncrement: true }).createIndex('word', 'word');
    if (!db.objectStoreNames.contains(CUSTOM)) db.createObjectStore(CUSTOM);
    if (!db.objectStoreNames.contains(HISTORY)) db.createObjectStore(HISTORY, { keyPath: 'id', autoIncrement: true });
  });
}

export async function addExample(db: ServiceDb, example: StoredExample): Promise<void> {
  await guardWrite('speech', 'this example', () => db.add(EXAMPLES, example));
}

export async function allExamples(db: ServiceDb): Promise<StoredExample[]> {
  return (await db.getAll(EXAMPLES)) as StoredExample[];
}

export async function countExamples(db: ServiceDb): Promise<ExampleCounts> {
  const counts: ExampleCounts = {};
  for (const { word } of await allExamples(db)) counts[word] = (counts[word] ?? 0) + 1;
  return counts;
}

export async function removeWord(db: ServiceDb, word: string): Promise<void> {
  const tx = db.transaction(EXAMPLES, 'readwrite');
  for (const key of await tx.store.index('word').getAllKeys(word)) await tx.store.delete(key);
  await tx.done;
}

/** An imported custom-word file: the trained model and its examples replace the old ones together or not at all. */
export async function replaceCustomWords(db: ServiceDb, model: StoredCustomModel, examples: StoredExample[]): Promise<void> {
  await guardWrite('speech', 'the imported custom words', async () => {
    const tx = db.transaction([EXAMPLES, CUSTOM], 'readwrite');
    const store = tx.objectStore(EXAMPLES);
    await store.clear!();
    for (const { word, spectrogram, at } of examples) await store.add!({ word, spectrogram, at });
    await tx.objectStore(CUSTOM).put!(model, 'model');
    await tx.done;
  });
}

export async function readCustomModel(db: ServiceDb): Promise<StoredCustomModel | undefined> {
  return (await db.get(CUSTOM, 'model')) as StoredCustomModel | undefined;
}

export async function writeCustomModel(db: ServiceDb, model: StoredCustomModel): Promise<void> {
  await guardWrite('speech', 'the trained custom model', () => db.put(CUSTOM, model, 'model'));
}

export function addHistory(db: ServiceDb, entry: Omit<HistoryEntry, 'id'>): Promise<void> {
  return addCapped(db, HISTORY, [entry], HISTORY_CAP);
}

export function listHistory(db: ServiceDb, limit: number): Promise<HistoryEntry[]> {
  return listNewest<HistoryEntry>(db, HISTORY, limit);
}
