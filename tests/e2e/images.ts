/** Real encodings of the fixture photos in the formats the image service must accept (and must refuse). */
import gifenc from 'gifenc';
import { PNG } from 'pngjs';
import { fixture } from './fixtures';

interface Rgba {
  width: number;
  height: number;
  data: Buffer;
}

export function decodePng(name: string): Rgba {
  const png = PNG.sync.read(fixture(`images/${name}`));
  return { width: png.width, height: png.height, data: png.data };
}

export function grayscalePng(image: Rgba): Buffer {
  const png = new PNG({ width: image.width, height: image.height, colorType: 0, inputColorType: 6, inputHasAlpha: true });
  image.data.copy(png.data);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 6 });
}

/** The photo with alpha fading from opaque (top) to half transparent (bottom). */
export function alphaPng(image: Rgba): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  image.data.copy(png.data);
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) png.data[(y * image.width + x) * 4 + 3] = 255 - Math.round((127 * y) / image.height);
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** An uncompressed 24-bit BMP, rows bottom-up, as Windows writes them. */
export function bmp(image: Rgba): Buffer {
  const row = Math.ceil((image.width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * image.height);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(image.width, 18);
  out.writeInt32LE(image.height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(row * image.height, 34);
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const from = (y * image.width + x) * 4;
      const to = 54 + (image.height - 1 - y) * row + x * 3;
      out[to] = image.data[from + 2]!;
      out[to + 1] = image.data[from + 1]!;
      out[to + 2] = image.data[from]!;
    }
  }
  return out;
}

/** A two-frame GIF: the photo first, then a black frame (only the first may be classified). */
export function gif(image: Rgba): Buffer {
  const { GIFEncoder, applyPalette, quantize } = gifenc;
  const encoder = GIFEncoder();
  const rgba = new Uint8Array(image.data);
  const palette = quantize(rgba, 256);
  encoder.writeFrame(applyPalette(rgba, palette), image.width, image.height, { palette, delay: 500 });
  encoder.writeFrame(new Uint8Array(image.width * image.height), image.width, image.height, { palette: [[0, 0, 0]], delay: 500 });
  encoder.finish();
  return Buffer.from(encoder.bytes());
}

/** A real, valid PNG over the 50-megapixel cap (it compresses to a few hundred kB). */
export function hugePng(): Buffer {
  const png = new PNG({ width: 8000, height: 7000, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.alloc(8000 * 7000);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** A rectangle of the image, as its own PNG (fractions of width and height). */
export function cropPng(image: Rgba, left: number, top: number, width: number, height: number): Buffer {
  const x0 = Math.round(left * image.width);
  const y0 = Math.round(top * image.height);
  const w = Math.round(width * image.width);
  const h = Math.round(height * image.height);
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y += 1) image.data.copy(png.data, y * w * 4, ((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + w) * 4);
  return PNG.sync.write(png);
}

/** The image mirrored left to right. */
export function mirrorPng(image: Rgba): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      image.data.copy(png.data, (y * image.width + x) * 4, (y * image.width + image.width - 1 - x) * 4, (y * image.width + image.width - x) * 4);
    }
  }
  return PNG.sync.write(png);
}
