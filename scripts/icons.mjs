/**
 * Draws the app's icons (the install manifest's "any" and "maskable" PNGs) with pngjs, so they are
 * made here, not downloaded. Run `node scripts/icons.mjs` after changing the design; the PNGs are committed.
 * The mark: a white lens (ring and pupil) on the accent blue, "AI that looks at what you give it, here".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const OUT = new URL('../public/icons/', import.meta.url);
const ACCENT = [0x21, 0x56, 0xd9];
const WHITE = [0xff, 0xff, 0xff];

/** `maskable`: full-bleed square, mark inside the central 80% safe zone; otherwise a rounded tile. */
function draw(size, maskable) {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  const scale = maskable ? 0.62 : 0.78; // the mark's share of the tile
  const ring = [0.62, 0.8].map((r) => (r * size * scale) / 2);
  const pupil = (0.36 * size * scale) / 2;
  const corner = size * 0.18;
  // 4x4 supersampling per pixel for smooth edges.
  const S = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let tile = 0;
      let mark = 0;
      for (let sy = 0; sy < S; sy += 1) {
        for (let sx = 0; sx < S; sx += 1) {
          const px = x + (sx + 0.5) / S;
          const py = y + (sy + 0.5) / S;
          const inTile = maskable || insideRounded(px, py, size, corner);
          if (!inTile) continue;
          tile += 1;
          const d = Math.hypot(px - c, py - c);
          if ((d >= ring[0] && d <= ring[1]) || d <= pupil) mark += 1;
        }
      }
      const i = (y * size + x) * 4;
      const t = mark / Math.max(tile, 1);
      for (let k = 0; k < 3; k += 1) png.data[i + k] = Math.round(ACCENT[k] * (1 - t) + WHITE[k] * t);
      png.data[i + 3] = Math.round((255 * tile) / (S * S));
    }
  }
  return PNG.sync.write(png);
}

function insideRounded(x, y, size, r) {
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

mkdirSync(OUT, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-192.png', 192, true],
  ['maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  writeFileSync(new URL(name, OUT), draw(size, maskable));
  console.log(`public/icons/${name}`);
}
