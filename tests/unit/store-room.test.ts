/**
 * A store's record limit holds when writers race: the count and the write share one readwrite
 * transaction, so two writes at once for the last place give one stored record and one QUOTA_EXCEEDED.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { InPageError } from '../../src/core/errors';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { importCustomModel, MAX_CUSTOM_MODELS, CUSTOM_STORE } from '../../workers/image/custom';
import { openImageDb } from '../../workers/image/store';
import { MAX_MODELS, openTabularDb, saveModel } from '../../workers/tabular/store';
import type { StoredModel } from '../../workers/tabular/stored-model';
import { MAX_DOCUMENTS, openTextDb, putDocuments } from '../../workers/text/store';

/** How each of the racing writes settled: 'stored' or its error code. */
const settle = (writes: Promise<unknown>[]) => Promise.all(writes.map((write) => write.then(() => 'stored', (error: unknown) => (error as InPageError).code)));

async function fill(db: ServiceDb, store: string, records: unknown[]): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
}

describe('two writes at once for the last place in a store', () => {
  it('text: two index calls at the document limit store one and refuse the other', async () => {
    const db = await openTextDb();
    const embedding = new Float32Array([1]);
    await fill(db, 'documents', Array.from({ length: MAX_DOCUMENTS - 1 }, (_, i) => ({ id: `d${i}`, text: 't', model: 'm', at: 1, embedding })));
    const outcomes = await settle([putDocuments(db, [{ id: 'a', text: 'a' }], [embedding], 'm'), putDocuments(db, [{ id: 'b', text: 'b' }], [embedding], 'm')]);
    expect(outcomes.sort()).toEqual(['QUOTA_EXCEEDED', 'stored']);
    expect(await db.count('documents')).toBe(MAX_DOCUMENTS);
    db.close();
  });

  it('tabular: two trainings at the model limit store one and refuse the other', async () => {
    const db = await openTabularDb();
    const model = (id: string) => ({ id, name: id, createdAt: 1 }) as unknown as StoredModel;
    await fill(db, 'trained', Array.from({ length: MAX_MODELS - 1 }, (_, i) => model(`m${i}`)));
    const outcomes = await settle([saveModel(db, model('a')), saveModel(db, model('b'))]);
    expect(outcomes.sort()).toEqual(['QUOTA_EXCEEDED', 'stored']);
    expect(await db.count('trained')).toBe(MAX_MODELS);
    db.close();
  });

  it('image: two custom model imports at the limit store one and refuse the other', async () => {
    const db = await openImageDb();
    await fill(db, CUSTOM_STORE, Array.from({ length: MAX_CUSTOM_MODELS - 1 }, (_, i) => ({ name: `c${i}`, base: 'b', dimensions: 1, classes: [], updatedAt: 1 })));
    const file = (name: string) => ({ format: 'inpage-custom-model', name, base: 'b', dimensions: 1, classes: [{ label: 'x', examples: [[1]] }] }) as never;
    const outcomes = await settle([importCustomModel(db, file('a')), importCustomModel(db, file('b'))]);
    expect(outcomes.sort()).toEqual(['QUOTA_EXCEEDED', 'stored']);
    expect(await db.count(CUSTOM_STORE)).toBe(MAX_CUSTOM_MODELS);
    db.close();
  });
});
