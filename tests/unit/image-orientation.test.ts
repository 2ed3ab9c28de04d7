/** The JPEG header's EXIF orientation, which tells the decoder-scaled picture's upright size. */
import { describe, expect, it } from 'vitest';
import { exifOrientation, turnsQuarter } from '../../workers/image/orientation';

/** A JPEG's first bytes: SOI, an EXIF APP1 holding `orientation` (in the given byte order), then a frame header. */
function jpeg(orientation: number | undefined, order: 'MM' | 'II' = 'MM'): Uint8Array {
  const little = order === 'II';
  const u16 = (n: number) => (little ? [n & 0xff, n >> 8] : [n >> 8, n & 0xff]);
  const u32 = (n: number) => (little ? [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24] : [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const tiff = [...order].map((c) => c.charCodeAt(0)).concat(u16(42), u32(8), u16(1), u16(0x0112), u16(3), u32(1), u16(orientation ?? 1), [0, 0], u32(0));
  const exif = [...'Exif\0\0'].map((c) => c.charCodeAt(0)).concat(tiff);
  const app1 = orientation === undefined ? [] : [0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff, ...exif];
  const sof = [0xff, 0xc0, 0, 17, 8, 0, 48, 0, 64, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Uint8Array.from([0xff, 0xd8, ...app1, ...sof]);
}

describe('EXIF orientation', () => {
  it('reads the tag in either byte order', () => {
    expect(exifOrientation(jpeg(6, 'MM'))).toBe(6);
    expect(exifOrientation(jpeg(8, 'II'))).toBe(8);
    expect(exifOrientation(jpeg(3, 'II'))).toBe(3);
  });

  it('turns the size only for the quarter turns (5 to 8)', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((o) => turnsQuarter(jpeg(o)))).toEqual([false, false, false, false, true, true, true, true]);
  });

  it('is absent without EXIF, and a header cut short is not an error', () => {
    expect(exifOrientation(jpeg(undefined))).toBeUndefined();
    expect(exifOrientation(jpeg(6).subarray(0, 20))).toBeUndefined();
    expect(turnsQuarter(Uint8Array.from([0xff, 0xd8]))).toBe(false);
  });
});
