// Image custom classes: how often KNN over MobileNet embeddings names unseen crops right with 1, 3 and 5
// examples per class, and what answering with a custom model costs next to ImageNet's 1000 classes.
// The only photos at hand are the three fixtures, so the classes are crops of each: training crops and
// test crops come from different places in the photo (test crops are also mirrored), never the same pixels.
/* global window, createImageBitmap, OffscreenCanvas -- used inside page.evaluate */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ms, ratio, root, stats, table } from './harness.mjs';

const CLASSES = { cat: 'chelsea.png', coffee: 'coffee.png', astronaut: 'astronaut.png' };
const SHOTS = [1, 3, 5];
const N_LATENCY = 20;

export async function run(bench) {
  const { context, page } = await bench.openPage('?backend=wasm');
  const photos = Object.fromEntries(
    Object.entries(CLASSES).map(([label, file]) => [label, readFileSync(resolve(root, 'tests/fixtures/images', file)).toString('base64')]),
  );
  const result = await page.evaluate(
    async ({ photos, shots, n }) => {
      const { ai } = window;
      const bitmaps = {};
      for (const [label, data] of Object.entries(photos)) {
        bitmaps[label] = await createImageBitmap(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      }
      // A crop of 70% of the photo at (fx, fy) of the free margin, optionally mirrored.
      const crop = (bitmap, fx, fy, mirror) => {
        const w = Math.round(bitmap.width * 0.7);
        const h = Math.round(bitmap.height * 0.7);
        const canvas = new OffscreenCanvas(w, h);
        const context = canvas.getContext('2d');
        if (mirror) context.setTransform(-1, 0, 0, 1, w, 0);
        context.drawImage(bitmap, -Math.round(fx * (bitmap.width - w)), -Math.round(fy * (bitmap.height - h)));
        return canvas.transferToImageBitmap();
      };
      const TRAIN = [[0, 0], [1, 1], [1, 0], [0, 1], [0.5, 0]];
      const TEST = [[0.5, 0.5], [0.25, 0.75], [0.75, 0.25], [0.5, 1]];
      const accuracy = [];
      for (const k of shots) {
        const model = `bench-${k}`;
        for (const [label, bitmap] of Object.entries(bitmaps)) {
          await ai.image.teach(model, label, TRAIN.slice(0, k).map(([x, y]) => crop(bitmap, x, y, false)));
        }
        let correct = 0;
        let total = 0;
        for (const [label, bitmap] of Object.entries(bitmaps)) {
          for (const [x, y] of TEST) {
            for (const mirror of [false, true]) {
              const [best] = await ai.image.classify(crop(bitmap, x, y, mirror), { model: `custom:${model}`, topK: 1 });
              total += 1;
              if (best.label === label) correct += 1;
            }
          }
        }
        accuracy.push({ k, correct, total });
      }
      const time = async (options) => {
        const image = crop(bitmaps.cat, 0.5, 0.5, false);
        const started = performance.now();
        await ai.image.classify(image, options);
        return performance.now() - started;
      };
      const imagenet = [];
      const custom = [];
      for (let i = 0; i < 3; i += 1) {
        await time({});
        await time({ model: 'custom:bench-5' });
      }
      for (let i = 0; i < n; i += 1) {
        imagenet.push(await time({ topK: 5 }));
        custom.push(await time({ model: 'custom:bench-5', topK: 3 }));
      }
      const services = await ai.services();
      return { accuracy, imagenet, custom, model: services[0].model, backend: services[0].backend };
    },
    { photos, shots: SHOTS, n: N_LATENCY },
  );
  await context.close();

  console.log(`Custom classes: KNN over ${result.model} embeddings (${result.backend}), 3 classes (cat, coffee, astronaut crops)\n`);
  table(
    ['examples per class', 'test crops', 'correct', 'accuracy'],
    result.accuracy.map(({ k, correct, total }) => [String(k), String(total), String(correct), `${((100 * correct) / total).toFixed(0)}%`]),
  );
  console.log('');
  const a = stats(result.imagenet);
  const b = stats(result.custom);
  table(
    ['classify (one 70% crop, warm)', 'median', 'p95', 'min'],
    [
      ['ImageNet, 1000 classes', ms(a.median), ms(a.p95), ms(a.min)],
      ['custom:bench-5, 15 examples', ms(b.median), ms(b.p95), ms(b.min)],
      ['custom / ImageNet', ratio(b.median / a.median), ratio(b.p95 / a.p95), ratio(b.min / a.min)],
    ],
  );
}
