/**
 * An import writes the records as the store's spec read them, not as the file has them: a field the
 * spec does not know stays out of the store, and a store without a key path takes only the keys its
 * service reads.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { InPageError } from '../../src/core/errors';
import { encodeValue } from '../../src/runtime/storage/portable';
import { exportData, importData } from '../../src/runtime/storage/service-data';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { openSpeechDb, SPEECH_STORES } from '../../workers/speech/store';
import { openTextDb, putDocuments, TEXT_STORES } from '../../workers/text/store';

interface ExportJson {
  stores: Record<string, { records: { key: unknown; value: Record<string, unknown> }[] }>;
}

const exported = async (service: string, db: ServiceDb) => JSON.parse(await (await exportData(service, db)).text()) as ExportJson;
const asFile = (json: ExportJson) => new Blob([JSON.stringify(json)], { type: 'application/json' });

describe('importData', () => {
  it('drops a field the store spec does not know instead of storing it', async () => {
    const db = await openTextDb();
    await putDocuments(db, [{ id: 'a', text: 'kept' }], [new Float32Array([0.6, 0.8])], 'm');
    const json = await exported('text', db);
    json.stores.documents!.records[0]!.value.smuggled = 'x'.repeat(1000);
    await importData('text', asFile(json), (work) => work(db), TEXT_STORES);
    const stored = (await db.get('documents', 'a')) as Record<string, unknown>;
    expect(stored.text).toBe('kept');
    expect(stored).not.toHaveProperty('smuggled');
    db.close();
  });

  it('refuses a record under a key its keyless store never reads, and changes nothing', async () => {
    const db = await openSpeechDb();
    const json = await exported('speech', db);
    const model = { words: ['a', 'b'], base: 'x', modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(4), trainedAt: 1 };
    json.stores.custom!.records.push({ key: await encodeValue('not-the-model'), value: (await encodeValue(model)) as Record<string, unknown> });
    const error = await importData('speech', asFile(json), (work) => work(db), SPEECH_STORES).then(
      () => undefined,
      (caught: unknown) => caught as InPageError,
    );
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.message).toContain('record 1 of "custom"');
    expect(await db.count('custom')).toBe(0);
    db.close();
  });
});
