/**
 * Custom classes: a k-nearest-neighbour classifier over the base model's embeddings (the pooled
 * features before its ImageNet layer). Teaching stores embeddings, not images, in the service's own
 * database; classifying compares a new embedding with them by cosine similarity.
 */
import { InPageError } from '../../src/core/errors';
import { abandon, guardWrite, type ServiceDb } from '../../src/runtime/storage/store';
import { CUSTOM_FORMAT, type Classification, type CustomModelFile, type CustomModelSummary } from './contract';

export const CUSTOM_STORE = 'custom';
export const MAX_CLASSES = 50;
export const MAX_EXAMPLES_PER_CLASS = 200;
/** Custom models kept at once (each up to 50 classes of 200 embeddings). */
export const MAX_CUSTOM_MODELS = 20;
/** Neighbours that vote; fewer when fewer examples exist. */
const K = 5;

/** What the store holds: one record per custom model, embeddings as plain arrays (JSON-exportable). */
export interface CustomModelRecord {
  name: string;
  base: string;
  dimensions: number;
  classes: Array<{ label: string; examples: number[][] }>;
  updatedAt: number;
}

export async function listCustomModels(db: ServiceDb): Promise<CustomModelSummary[]> {
  const records = (await db.getAll(CUSTOM_STORE)) as CustomModelRecord[];
  return records.map(summarize);
}

export async function readCustomModel(db: ServiceDb, name: string): Promise<CustomModelRecord> {
  const record = (await db.get(CUSTOM_STORE, name)) as CustomModelRecord | undefined;
  if (!record) throw new InPageError('INVALID_INPUT', `There is no custom model "${name}"; teach it some classes first.`, 'image');
  return record;
}

/** Adds examples (already embedded) to one class of a model, creating either as needed. */
export async function addExamples(db: ServiceDb, name: string, base: string, label: string, embeddings: number[][]): Promise<CustomModelSummary> {
  const tx = db.transaction(CUSTOM_STORE, 'readwrite');
  const existing = (await tx.store.get(name)) as CustomModelRecord | undefined;
  if (!existing) await roomForModel(tx.store.count());
  const record: CustomModelRecord = existing ?? {
    name,
    base,
    dimensions: embeddings[0]!.length,
    classes: [],
    updatedAt: 0,
  };
  checkBase(record, base);
  let target = record.classes.find((c) => c.label === label);
  if (!target) {
    if (record.classes.length >= MAX_CLASSES) {
      throw new InPageError('TOO_LARGE', `"${name}" already has ${MAX_CLASSES} classes, the most a custom model can have.`, 'image');
    }
    record.classes.push((target = { label, examples: [] }));
  }
  if (target.examples.length + embeddings.length > MAX_EXAMPLES_PER_CLASS) {
    throw new InPageError('TOO_LARGE', `A class can hold ${MAX_EXAMPLES_PER_CLASS} examples; "${label}" has ${target.examples.length}.`, 'image');
  }
  target.examples.push(...embeddings);
  record.updatedAt = Date.now();
  await guardWrite('image', `the examples of "${label}"`, async () => {
    await tx.store.put(record);
    await tx.done;
  });
  return summarize(record);
}

export async function removeClass(db: ServiceDb, name: string, label: string): Promise<CustomModelSummary> {
  const record = await readCustomModel(db, name);
  record.classes = record.classes.filter((c) => c.label !== label);
  record.updatedAt = Date.now();
  await db.put(CUSTOM_STORE, record);
  return summarize(record);
}

export async function deleteCustomModel(db: ServiceDb, name: string): Promise<void> {
  await readCustomModel(db, name);
  await db.delete(CUSTOM_STORE, name);
}

export function toFile(record: CustomModelRecord): CustomModelFile {
  const { name, base, dimensions, classes } = record;
  return { format: CUSTOM_FORMAT, name, base, dimensions, classes };
}

/** Stores an exported model (replacing one of the same name); the bus has already checked its shape. */
export async function importCustomModel(db: ServiceDb, file: CustomModelFile, name = file.name): Promise<CustomModelSummary> {
  for (const { label, examples } of file.classes) {
    const bad = examples.find((e) => e.length !== file.dimensions);
    if (bad) throw new InPageError('INVALID_INPUT', `Class "${label}" has an example of ${bad.length} numbers; the file says ${file.dimensions}.`, 'image');
  }
  const record: CustomModelRecord = { name, base: file.base, dimensions: file.dimensions, classes: file.classes, updatedAt: Date.now() };
  // Counted and written in one transaction, so two imports at once cannot both take the last place.
  const tx = db.transaction(CUSTOM_STORE, 'readwrite');
  try {
    if ((await tx.store.getKey(name)) === undefined) await roomForModel(tx.store.count());
  } catch (error) {
    abandon(tx);
    throw error;
  }
  await guardWrite('image', `the custom model "${name}"`, () => Promise.all([tx.store.put(record), tx.done]));
  return summarize(record);
}

/** Similarity-weighted votes of the K nearest examples, as probabilities over the model's classes. */
export function knn(record: CustomModelRecord, base: string, embedding: number[], topK: number): Classification[] {
  checkBase(record, base);
  const neighbours: Array<{ label: string; similarity: number }> = [];
  for (const { label, examples } of record.classes) {
    for (const example of examples) neighbours.push({ label, similarity: dot(example, embedding) });
  }
  if (!neighbours.length) throw new InPageError('INVALID_INPUT', `The custom model "${record.name}" has no examples yet.`, 'image');
  neighbours.sort((a, b) => b.similarity - a.similarity);
  const votes = new Map(record.classes.map((c) => [c.label, 0]));
  // Shifted to be positive: embeddings after ReLU pooling are non-negative, so similarity lies in [0, 1].
  for (const { label, similarity } of neighbours.slice(0, K)) votes.set(label, votes.get(label)! + Math.max(similarity, 1e-6));
  const total = [...votes.values()].reduce((a, b) => a + b, 0);
  return [...votes]
    .map(([label, vote]) => ({ label, probability: vote / total }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, topK);
}

/** Unit length, so a dot product is the cosine similarity. */
export function normalize(values: ArrayLike<number>): number[] {
  let norm = 0;
  for (let i = 0; i < values.length; i += 1) norm += values[i]! * values[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Array.from(values, (v) => v * scale);
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

function checkBase(record: CustomModelRecord, base: string): void {
  if (record.base !== base) {
    throw new InPageError(
      'MODEL_UNAVAILABLE',
      `The custom model "${record.name}" was taught on ${record.base}, but this service runs ${base}; open the app with ?model=${record.base} or teach it again.`,
      'image',
    );
  }
}

async function roomForModel(count: Promise<number>): Promise<void> {
  const stored = await count;
  if (stored >= MAX_CUSTOM_MODELS) {
    throw new InPageError(
      'QUOTA_EXCEEDED',
      `The image service keeps at most ${MAX_CUSTOM_MODELS} custom models and holds ${stored}; delete one (the Data page lists them) to make another.`,
      'image',
      { store: CUSTOM_STORE, stored, maxRecords: MAX_CUSTOM_MODELS },
    );
  }
}

function summarize(record: CustomModelRecord): CustomModelSummary {
  return {
    name: record.name,
    base: record.base,
    classes: record.classes.map((c) => ({ label: c.label, examples: c.examples.length })),
    updatedAt: record.updatedAt,
  };
}
