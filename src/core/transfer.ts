/**
 * Finds what can be moved instead of copied across postMessage: image bitmaps, buffers, the buffers
 * under typed arrays. Moving detaches them on the sending side, which is the point for large inputs.
 */
export function collectTransferables(value: unknown, found: Set<Transferable> = new Set(), depth = 0): Transferable[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [...found];
  if (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap) found.add(value);
  // ImageData's pixels move with their buffer (the ImageData itself is cloned around it).
  else if (typeof ImageData !== 'undefined' && value instanceof ImageData) {
    if (value.data.buffer instanceof ArrayBuffer) found.add(value.data.buffer);
  }
  else if (value instanceof ArrayBuffer) found.add(value);
  else if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) collectTransferables(item, found, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) collectTransferables(item, found, depth + 1);
  }
  return [...found];
}
