/**
 * The speech service's own database: the runtime's model cache and settings, the custom-word examples
 * (normalised spectrograms), the trained custom model, and a capped history of recognised commands.
 */
import { addCapped, guardWrite, listNewest, openServiceDb, type ServiceDb } from '../../src/runtime/store';
import type { ExampleCounts, HistoryEntry } from './contract';

const EXAMPLES = 'examples';
const CUSTOM = 'custom';
const HISTORY = 'history';
export const HISTORY_CAP = 200;
/** Examples per word beyond this are refused: training time grows with them and 50 is plenty. */
export const MAX_EXAMPLES_PER_WORD = 50;

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

export async function replaceExamples(db: ServiceDb, examples: StoredExample[]): Promise<void> {
  await guardWrite('speech', 'the imported examples', async () => {
    const tx = db.transaction(EXAMPLES, 'readwrite');
    await tx.store.clear();
    for (const { word, spectrogram, at } of examples) await tx.store.add({ word, spectrogram, at });
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
  return addCapped(db, HISTORY, entry, HISTORY_CAP);
}

export function listHistory(db: ServiceDb, limit: number): Promise<HistoryEntry[]> {
  return listNewest<HistoryEntry>(db, HISTORY, limit);
}
