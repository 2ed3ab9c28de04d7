/**
 * A JPEG's EXIF orientation, read from its header: the browser turns the picture upright when it decodes
 * it, so a picture decoded straight to the model's size still needs its upright width and height (for
 * boxes in its own pixels and for the history) without being decoded at full size.
 */

/** Orientations 5 to 8 turn the picture by a quarter: its upright width is the stored height. */
export function turnsQuarter(jpeg: Uint8Array): boolean {
  const orientation = exifOrientation(jpeg);
  return orientation !== undefined && orientation >= 5 && orientation <= 8;
}

/** The EXIF Orientation tag (1 to 8) of a JPEG, undefined where it has none. */
export function exifOrientation(b: Uint8Array): number | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 2;
  try {
    // The EXIF block (APP1) comes before the frame header; stop at the first marker that cannot hold it.
    while (at + 4 < b.length && b[at] === 0xff) {
      const marker = b[at + 1]!;
      const length = view.getUint16(at + 2);
      if (marker === 0xe1 && ascii(b, at + 4, 'Exif\0\0')) return tiffOrientation(view, at + 10);
      if (marker === 0xda || (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))) return undefined;
      at += 2 + length;
    }
  } catch {
    return undefined; // a header cut short: the decoder's checks report it
  }
  return undefined;
}

/** Walks the first image directory of the TIFF block at `tiff` to tag 0x0112. */
function tiffOrientation(view: DataView, tiff: number): number | undefined {
  const little = view.getUint16(tiff) === 0x4949;
  const u16 = (at: number) => view.getUint16(at, little);
  const directory = tiff + view.getUint32(tiff + 4, little);
  const entries = u16(directory);
  for (let i = 0; i < entries; i += 1) {
    const entry = directory + 2 + i * 12;
    if (u16(entry) === 0x0112) return u16(entry + 8);
  }
  return undefined;
}

function ascii(b: Uint8Array, at: number, text: string): boolean {
  return [...text].every((c, i) => b[at + i] === c.charCodeAt(0));
}
