/** About how many bytes a payload carries, for the trace view: binary parts exactly, the rest roughly. */
export function payloadBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object') return 8;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return value.size;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap) return value.width * value.height * 4;
  if (typeof ImageData !== 'undefined' && value instanceof ImageData) return value.data.byteLength;
  if (depth > 4) return 0;
  const parts = Array.isArray(value) ? value : Object.values(value);
  return parts.reduce<number>((sum, part) => sum + payloadBytes(part, depth + 1), 0);
}
