/**
 * The text service's own database: the runtime's model cache and settings, plus the indexed documents
 * (text, the model that embedded it, and its normalised embedding) that search ranks by cosine.
 */
import { z } from 'zod';
import { abandon, guardWrite, openServiceDb, type ServiceDb } from '../../src/runtime/storage/store';
import { ensureRoom, type StoreSpecs } from '../../src/runtime/storage/store-limits';
import { MAX_TEXT_CHARS, type SearchHit, type StoredDocument } from './contract';

const DOCUMENTS = 'documents';
const BY_MODEL = 'model';
const BY_TIME = 'at';

interface DocumentRecord extends StoredDocument {
  embedding: Float32Array;
}

/** Search reads every stored document of a model, so the store is kept to what one search scans quickly. */
export const MAX_DOCUMENTS = 10_000;

export const TEXT_STORES: StoreSpecs = {
  [DOCUMENTS]: {
    noun: 'documents',
    maxRecords: MAX_DOCUMENTS,
    record: z.object({
      id: z.string().min(1).max(500),
      text: z.string().min(1).max(MAX_TEXT_CHARS),
      model: z.string().min(1),
      at: z.number(),
      embedding: z
        .instanceof(Float32Array, { message: 'Expected its embedding (a Float32Array).' })
        .refine((e) => e.length > 0 && e.length <= 4096 && e.every(Number.isFinite), 'Expected a finite embedding of 1 to 4096 numbers.'),
    }),
  },
};

export function openTextDb(): Promise<ServiceDb> {
  return openServiceDb('text', 1, (db) => {
    if (!db.objectStoreNames.contains(DOCUMENTS)) {
      const store = db.createObjectStore(DOCUMENTS, { keyPath: 'id' });
      store.createIndex(BY_MODEL, 'model');
      store.createIndex(BY_TIME, 'at');
    }
  });
}

/** Adds or replaces documents by id, in one transaction: all of them are stored or none. */
export async function putDocuments(db: ServiceDb, docs: { id: string; text: string }[], embeddings: Float32Array[], model: string): Promise<void> {
  const ids = new Set(docs.map((doc) => doc.id));
  const at = Date.now();
  // Counted and written in one transaction, so two index calls at once cannot both pass the limit.
  const tx = db.transaction(DOCUMENTS, 'readwrite');
  try {
    // Documents re-indexed under an id already stored replace it and take no room; counted only near the limit.
    let replacing = 0;
    if ((await tx.store.count()) + ids.size > MAX_DOCUMENTS) {
      replacing = (await Promise.all([...ids].map((id) => tx.store.getKey(id)))).filter((key) => key !== undefined).length;
    }
    await ensureRoom(tx.store, 'text', DOCUMENTS, TEXT_STORES[DOCUMENTS]!, ids.size, replacing);
  } catch (error) {
    abandon(tx);
    throw error;
  }
  await guardWrite('text', `these ${docs.length} documents`, () =>
    Promise.all([...docs.map((doc, i) => tx.store.put({ id: doc.id, text: doc.text, model, at, embedding: embeddings[i]! } satisfies DocumentRecord)), tx.done]),
  );
}

/** The `topK` stored documents most similar to `query` (normalised, so the dot product is the cosine). */
export async function searchDocuments(db: ServiceDb, query: Float32Array, model: string, topK: number): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  let cursor = await db.transaction(DOCUMENTS).store.index(BY_MODEL).openCursor(IDBKeyRange.only(model));
  while (cursor) {
    const record = cursor.value as DocumentRecord;
    const score = dot(query, record.embedding);
    if (hits.length < topK || score > hits[hits.length - 1]!.score) {
      hits.push({ id: record.id, text: record.text, score });
      hits.sort((a, b) => b.score - a.score);
      if (hits.length > topK) hits.pop();
    }
    cursor = await cursor.continue();
  }
  return hits;
}

/** The newest `limit` stored documents, without their embeddings, and how many there are in all. */
export async function listDocuments(db: ServiceDb, limit = Infinity): Promise<{ total: number; documents: StoredDocument[] }> {
  const tx = db.transaction(DOCUMENTS);
  const documents: StoredDocument[] = [];
  let cursor = await tx.store.index(BY_TIME).openCursor(null, 'prev');
  while (cursor && documents.length < limit) {
    const { id, text, model, at } = cursor.value as DocumentRecord;
    documents.push({ id, text, model, at });
    cursor = await cursor.continue();
  }
  return { total: await tx.store.count(), documents };
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}
