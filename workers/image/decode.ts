/**
 * Turns what a caller sent into pixels, refusing what must not be decoded: empty files, non-images,
 * SVG (a document that can carry scripts), truncated files, and images over the pixel cap. The header
 * is read first, so a 100-megapixel bomb is refused without allocating it.
 */
import { InPageError } from '../../src/core/errors';
import { MAX_FILE_BYTES, MAX_PIXELS, type ImageInput } from './contract';
import { turnsQuarter } from './orientation';

type Format = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
const READABLE = 'PNG, JPEG, GIF, WebP or BMP';

export interface Pixels {
  /** The picture at the size the model reads, upright: decoded straight to it, never at full size first. */
  source: ImageBitmap;
  /** The original's upright size: boxes and the history are in its pixels. */
  width: number;
  height: number;
  /** What the caller sent, for the history's thumbnail (drawn after the reply). */
  original: ImageInput;
}

/** The model's input size, which the decoder scales to. */
export interface Size {
  width: number;
  height: number;
}

/** Decodes `input` to `target`'s size; a request cancelled meanwhile stops here rather than going on to inference. */
export async function decodeImage(input: ImageInput, target: Size, signal: AbortSignal): Promise<Pixels> {
  const pixels = await decode(input, target);
  if (signal.aborted) pixels.source.close();
  signal.throwIfAborted();
  return pixels;
}

/** The browser's decoder scales while it decodes; EXIF orientation is applied as the picture is read. */
function scaledTo(size: Size): ImageBitmapOptions {
  return { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium', imageOrientation: 'from-image' };
}

async function decode(input: ImageInput, target: Size): Promise<Pixels> {
  if (!(input instanceof Blob)) {
    checkSize(input.width, input.height);
    return { source: await createImageBitmap(input, scaledTo(target)), width: input.width, height: input.height, original: input };
  }
  if (input.size === 0) throw invalid('The file is empty.');
  if (input.size > MAX_FILE_BYTES) {
    throw new InPageError('TOO_LARGE', `The file is ${mb(input.size)} MB; images up to ${mb(MAX_FILE_BYTES)} MB are accepted.`, 'image');
  }
  const bytes = new Uint8Array(await input.arrayBuffer());
  const format = sniff(bytes);
  if (!format) {
    if (looksLikeSvg(bytes)) {
      throw new InPageError('UNSUPPORTED_FORMAT', 'SVG images are not accepted, since they can contain scripts. Export it as PNG first.', 'image');
    }
    throw new InPageError('UNSUPPORTED_FORMAT', `This file is not an image InPage can read (${READABLE}).`, 'image');
  }
  const size = dimensions(format, bytes);
  if (!size) throw invalid(`The ${format.toUpperCase()} file is damaged: its header has no image size.`);
  checkSize(size.width, size.height);
  if (!complete(format, bytes)) throw invalid(`The ${format.toUpperCase()} file is truncated: it ends before the image data does.`);
  try {
    // The caller's Blob itself, now that its bytes passed the checks: no copy into a new Blob (the decoder
    // reads the format from the bytes, not from the Blob's type).
    const source = await createImageBitmap(input, scaledTo(target));
    const turned = format === 'jpeg' && turnsQuarter(bytes);
    return { source, width: turned ? size.height : size.width, height: turned ? size.width : size.height, original: input };
  } catch {
    throw invalid(`The ${format.toUpperCase()} file is damaged and could not be decoded.`);
  }
}

function checkSize(width: number, height: number): void {
  if (!width || !height) throw invalid('The image has no pixels.');
  if (width * height > MAX_PIXELS) {
    const mp = ((width * height) / 1e6).toFixed(1);
    throw new InPageError('TOO_LARGE', `The image is ${width}×${height} (${mp} megapixels); the limit is ${MAX_PIXELS / 1e6} megapixels.`, 'image');
  }
}

function sniff(b: Uint8Array): Format | undefined {
  const ascii = (at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));
  if (b[0] === 0x89 && ascii(1, 'PNG')) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(0, 'BM') && b.length > 26) return 'bmp';
  return undefined;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 2048)).toLowerCase();
  return head.includes('<svg');
}

function dimensions(format: Format, b: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u24 = (at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
  try {
    switch (format) {
      case 'png':
        return { width: view.getUint32(16), height: view.getUint32(20) };
      case 'gif':
        return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
      case 'bmp':
        return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
      case 'webp': {
        const chunk = String.fromCharCode(...b.subarray(12, 16));
        if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
        if (chunk === 'VP8L') {
          const bits = view.getUint32(21, true);
          return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
        }
        if (chunk === 'VP8X') return { width: u24(24) + 1, height: u24(27) + 1 };
        return undefined;
      }
      case 'jpeg':
        return jpegSize(view);
    }
  } catch {
    return undefined; // a header cut short
  }
}

/** Walks the JPEG markers to the frame header (SOFn), which holds the size. */
function jpegSize(view: DataView): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < view.byteLength) {
    if (view.getUint8(at) !== 0xff) return undefined;
    const marker = view.getUint8(at + 1);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return undefined;
}

/** Browsers decode a cut-off file into a half-grey picture without complaint, so check the ending. */
function complete(format: Format, b: Uint8Array): boolean {
  const tail = b.subarray(Math.max(0, b.length - 64));
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (format) {
    case 'png':
      return new TextDecoder().decode(tail).includes('IEND');
    case 'jpeg':
      return tail.some((byte, i) => byte === 0xff && tail[i + 1] === 0xd9);
    case 'gif':
      return tail.includes(0x3b);
    case 'webp':
      return b.length >= view.getUint32(4, true) + 8;
    case 'bmp':
      return b.length >= view.getUint32(2, true);
  }
}

function invalid(message: string): InPageError {
  return new InPageError('INVALID_INPUT', message, 'image');
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0);
}
