/** Imports are checked record by record against the store's own schema and limit (src/runtime/storage/store-limits.ts). */
import { describe, expect, it } from 'vitest';
import { InPageError } from '../../src/core/errors';
import { checkImport } from '../../src/runtime/storage/store-limits';
import { MAX_DOCUMENTS, TEXT_STORES } from '../../workers/text/store';

const doc = (id: string, extra: object = {}) => ({ key: id, value: { id, text: `text ${id}`, model: 'minilm', at: 1, embedding: new Float32Array([0.6, 0.8]), ...extra } });

function failure(run: () => void): InPageError {
  try {
    run();
  } catch (error) {
    return error as InPageError;
  }
  throw new Error('expected a refusal');
}

describe('an import checked against the store schemas', () => {
  it('accepts what the service itself stores', () => {
    expect(() => checkImport('text', TEXT_STORES, { documents: [doc('a'), doc('b')] })).not.toThrow();
  });

  it('refuses a document without its embedding, naming the record and field, as INVALID_INPUT', () => {
    const error = failure(() => checkImport('text', TEXT_STORES, { documents: [doc('a'), doc('b', { embedding: undefined })] }));
    expect(error).toBeInstanceOf(InPageError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('record 2 of "documents"');
    expect(error.message).toContain('embedding');
  });

  it('refuses embeddings that are not finite numbers, and other shapes', () => {
    for (const bad of [{ embedding: new Float32Array([Number.NaN]) }, { embedding: [0.6, 0.8] }, { text: '' }, { id: 42 }, { at: 'yesterday' }]) {
      expect(failure(() => checkImport('text', TEXT_STORES, { documents: [doc('a', bad)] })).code).toBe('INVALID_INPUT');
    }
  });

  it('refuses more records than the store keeps with TOO_LARGE', () => {
    const many = Array.from({ length: MAX_DOCUMENTS + 1 }, (_, i) => doc(String(i)));
    const error = failure(() => checkImport('text', TEXT_STORES, { documents: many }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toContain(MAX_DOCUMENTS.toLocaleString('en'));
  });
});
