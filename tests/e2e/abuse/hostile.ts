/** Hostile files, made here from bytes, for the abuse suite: each is what an attacker or a broken tool might hand over. */
import { crc32, deflateSync } from 'node:zlib';
import { fixture } from '../fixtures';

const b64 = (bytes: Buffer | Uint8Array | string) => Buffer.from(bytes).toString('base64');

/** A RIFF/WAVE header for 8-bit mono PCM at `rate` with `seconds` of silence (or a claimed size with less). */
export function wav(seconds: number, rate = 8000, present = Math.round(seconds * rate)): string {
  const claimed = Math.round(seconds * rate);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + claimed, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(claimed >>> 0, 40);
  return b64(Buffer.concat([header, Buffer.alloc(present, 128)]));
}

/** A PNG that says it is `width`×`height` but carries no real pixels. */
export function hugePngHeader(width: number, height: number): string {
  const png = fixture('images/chelsea.png');
  const patched = Buffer.from(png.subarray(0, 33));
  patched.writeUInt32BE(width, 16);
  patched.writeUInt32BE(height, 20);
  return b64(Buffer.concat([patched, Buffer.from('IDAT-not-really')]));
}

/** A real, complete grey PNG of `width`×`height`: a few hundred KB of file for tens of megapixels of image. */
export function manyPixelPng(width: number, height: number): string {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  // Each scanline: filter byte 0, then mid-grey.
  const row = Buffer.alloc(width + 1, 128);
  row[0] = 0;
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return b64(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));
}

export const SCRIPT = '<img src=x onerror="window.__ran=(window.__ran||0)+1"><script>window.__ran=(window.__ran||0)+1</script>';

export const files = {
  text: (text: string) => b64(text),
  truncatedPng: () => b64(fixture('images/chelsea.png').subarray(0, 200)),
  pngBytes: () => b64(fixture('images/chelsea.png').subarray(0, 4096)),
  svg: () => b64(`<svg xmlns="http://www.w3.org/2000/svg" onload="window.__ran=1"><script>window.__ran=1</script></svg>`),
  html: () => b64(`<!doctype html>${SCRIPT}`),
  random: (size: number) => b64(Uint8Array.from({ length: size }, (_, i) => (i * 2654435761) >>> 24)),
  utf16: (text: string) => b64(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
};
