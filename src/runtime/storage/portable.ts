/**
 * Turns what IndexedDB holds (Blobs, ArrayBuffers, typed arrays, Dates, Maps, ...) into plain JSON and
 * back, so a service's data can leave as one file and come back exactly as it was.
 */
import { fromBase64, toBase64 } from './base64';

/** Marks an encoded value; an object that really has this key is wrapped so it is not mistaken for one. */
const TAG = '$inpage';

type Tagged = { [TAG]: string; [key: string]: unknown };

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  DataView,
} as const;

type ViewName = keyof typeof TYPED_ARRAYS;

export async function encodeValue(value: unknown): Promise<unknown> {
  if (value === undefined) return { [TAG]: 'undefined' };
  if (typeof value === 'number' && !Number.isFinite(value)) return { [TAG]: 'Number', value: String(value) };
  if (typeof value === 'bigint') return { [TAG]: 'BigInt', value: value.toString() };
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return { [TAG]: 'Date', value: value.getTime() };
  if (typeof Blob === 'function' && value instanceof Blob) {
    const encoded: Tagged = { [TAG]: 'Blob', type: value.type, base64: toBase64(new Uint8Array(await value.arrayBuffer())) };
    if (typeof File === 'function' && value instanceof File) Object.assign(encoded, { name: value.name, lastModified: value.lastModified });
    return encoded;
  }
  if (value instanceof ArrayBuffer) return { [TAG]: 'ArrayBuffer', base64: toBase64(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { [TAG]: value.constructor.name, base64: toBase64(bytes) };
  }
  if (Array.isArray(value)) return Promise.all(value.map(encodeValue));
  if (value instanceof Map) return { [TAG]: 'Map', entries: await Promise.all([...value].map((pair) => encodeValue(pair))) };
  if (value instanceof Set) return { [TAG]: 'Set', values: await Promise.all([...value].map(encodeValue)) };
  const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await encodeValue(item)] as const));
  const plain = Object.fromEntries(entries);
  return Object.hasOwn(plain, TAG) ? { [TAG]: 'Object', value: plain } : plain;
}

export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  if (!Object.hasOwn(record, TAG)) return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, decodeValue(item)]));
  const tagged = record as Tagged;
  switch (tagged[TAG]) {
    case 'undefined':
      return undefined;
    case 'Number':
      return Number(tagged.value);
    case 'BigInt':
      return BigInt(String(tagged.value));
    case 'Date':
      return new Date(Number(tagged.value));
    case 'Blob': {
      const bytes = fromBase64(String(tagged.base64));
      const type = String(tagged.type ?? '');
      if (typeof tagged.name === 'string') return new File([bytes], tagged.name, { type, lastModified: Number(tagged.lastModified) });
      return new Blob([bytes], { type });
    }
    case 'ArrayBuffer':
      return fromBase64(String(tagged.base64)).buffer;
    case 'Map':
      return new Map((tagged.entries as unknown[]).map((pair) => decodeValue(pair) as [unknown, unknown]));
    case 'Set':
      return new Set((tagged.values as unknown[]).map(decodeValue));
    case 'Object':
      return Object.fromEntries(Object.entries(tagged.value as object).map(([key, item]) => [key, decodeValue(item)]));
    default: {
      const name = tagged[TAG];
      if (!Object.hasOwn(TYPED_ARRAYS, name)) throw new Error(`Unknown stored value type "${name}".`);
      const { buffer } = fromBase64(String(tagged.base64));
      const View = TYPED_ARRAYS[name as ViewName];
      if (View === DataView) return new DataView(buffer);
      const width = (View as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      return new (View as Uint8ArrayConstructor)(buffer, 0, buffer.byteLength / width);
    }
  }
}
