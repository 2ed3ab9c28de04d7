import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract, returns } from '../../src/core/protocol';
import { decodeValue, encodeValue } from '../../src/runtime/storage/portable';
import { sizeOf } from '../../src/runtime/storage/service-data';
import { ready, rejection, setup } from './harness';

describe('portable values (what an export holds)', () => {
  it('brings Blobs, Files, buffers, typed arrays, dates, maps and odd numbers back exactly, through JSON', async () => {
    const thumb = new Blob([new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 255])], { type: 'image/webp' });
    const file = new File(['a,b\n1,2\n'], 'customers.csv', { type: 'text/csv', lastModified: 1_700_000_000_000 });
    const original = {
      id: 7,
      label: 'espresso',
      thumb,
      file,
      buffer: new Uint8Array([1, 2, 3]).buffer,
      weights: new Float32Array([0.5, -1.25, 3e-8]),
      ints: new Int16Array([-2, 40_000 % 32_768]),
      at: new Date('2026-01-02T03:04:05Z'),
      counts: new Map<string, number>([['cat', 2]]),
      tags: new Set(['a', 'b']),
      missing: undefined,
      ratio: Number.POSITIVE_INFINITY,
      nested: [{ $inpage: 'not a tag, a real key' }, null, Number.NaN],
    };
    const back = decodeValue(JSON.parse(JSON.stringify(await encodeValue(original)))) as typeof original;

    expect(back.thumb).toBeInstanceOf(Blob);
    expect(back.thumb.type).toBe('image/webp');
    expect([...new Uint8Array(await back.thumb.arrayBuffer())]).toEqual([0x52, 0x49, 0x46, 0x46, 0, 255]);
    expect(back.file).toBeInstanceOf(File);
    expect([back.file.name, back.file.type, back.file.lastModified, await back.file.text()]).toEqual(['customers.csv', 'text/csv', 1_700_000_000_000, 'a,b\n1,2\n']);
    expect([...new Uint8Array(back.buffer)]).toEqual([1, 2, 3]);
    expect(back.weights).toBeInstanceOf(Float32Array);
    expect([...back.weights]).toEqual([...original.weights]);
    expect([...back.ints]).toEqual([-2, 7232]);
    expect(back.at.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(back.counts.get('cat')).toBe(2);
    expect([...back.tags]).toEqual(['a', 'b']);
    expect('missing' in back && back.missing === undefined).toBe(true);
    expect(back.ratio).toBe(Number.POSITIVE_INFINITY);
    expect(back.nested[0]).toEqual({ $inpage: 'not a tag, a real key' });
    expect(back.nested[2]).toBeNaN();
    expect([back.id, back.label]).toEqual([7, 'espresso']);
  });

  it('refuses a value type it does not know', () => {
    expect(() => decodeValue({ $inpage: 'Function', base64: '' })).toThrow('Unknown stored value type "Function"');
  });

  it('measures binary data exactly and text at two bytes a character', () => {
    expect(sizeOf({ thumb: new Blob([new Uint8Array(1000)]), w: new Float32Array(10) })).toBe(1000 + 10 * 4 + ('thumb'.length + 'w'.length) * 2);
    expect(sizeOf('abc')).toBe(6);
  });
});

describe('storage methods every service answers', () => {
  it('cannot be shadowed by a service method of the same name', () => {
    const methods = { exportData: { args: [], input: z.object({}), output: returns<File>() } };
    expect(() => defineContract({ name: 'notes', methods })).toThrow(
      'The notes contract defines exportData, which every service gets from the runtime (src/core/storage.ts); rename it.',
    );
  });

  it('are part of every contract, validated at the bus edge', async () => {
    const { bus, calls } = setup();
    await ready(bus);
    expect((await rejection(bus.request('test', 'forgetModel', {}), 'INVALID_INPUT')).message).toContain('test.forgetModel');
    expect((await rejection(bus.request('test', 'importData', { file: 'not a file' }), 'INVALID_INPUT')).message).toContain(
      'export file',
    );
    expect(calls).toEqual([]);
  });

  it('refuse a file that is not an export of this service before touching its data', async () => {
    const { bus } = setup();
    await ready(bus);
    const notJson = await rejection(bus.request('test', 'importData', { file: new Blob(['id,label\n1,cat']) }), 'INVALID_INPUT');
    expect(notJson.message).toBe('This file cannot be imported into the test service: it is not JSON, so not an InPage export.');
    const other = { format: 'inpage-export', version: 1, service: 'text', exportedAt: '2026-01-01T00:00:00Z', stores: {} };
    const wrong = await rejection(bus.request('test', 'importData', { file: new Blob([JSON.stringify(other)]) }), 'INVALID_INPUT');
    expect(wrong.message).toContain('it is an export of the text service');
    const shape = await rejection(bus.request('test', 'importData', { file: new Blob(['{"format":"inpage-export"}']) }), 'INVALID_INPUT');
    expect(shape.message).toContain('not an InPage export');
    // The service is still up.
    await expect(bus.request('test', 'echo', { value: 'still here' })).resolves.toBe('still here');
  });
});
