/**
 * Fidelity: the image service, through the SDK, the bus and its worker, gives the same probabilities as
 * the same model called directly with TF.js on the page, on the same backend and for the same image; and
 * on ONNX Runtime, its ONNX conversion gives them too (against TF.js's wasm on the page).
 */
import { expect, test } from '@playwright/test';
import { loadDirect, MODEL_ID, type Classification, type InPageDirect } from '../../bench/direct.mjs';
import { b64, fixture, openSdk } from './fixtures';

const IMAGES = ['chelsea.png', 'coffee.png'];
const TOLERANCE = 1e-4;

interface Compared {
  image: string;
  sdk: Classification[];
  direct: Classification[];
}

for (const backend of ['wasm', 'cpu', 'onnx-wasm']) {
  test(`the worker's top-5 equals a direct TF.js call on the page (${backend})`, async ({ page }) => {
    page.on('pageerror', (error) => console.log('[page error]', error.message));
    await openSdk(page, `?backend=${backend}&model=${MODEL_ID}`);
    const directBackend = backend === 'onnx-wasm' ? 'wasm' : backend;
    expect(await loadDirect(page, { backend: directBackend })).toMatchObject({ backend: directBackend });

    const images = IMAGES.map((name) => ({ name, data: b64(fixture(`images/${name}`)) }));
    const { results, replica } = await page.evaluate(async (images) => {
      const ai = window.ai;
      const direct = (window as unknown as { inpageDirect: InPageDirect }).inpageDirect;
      const results: Compared[] = [];
      for (const { name, data } of images) {
        const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
        results.push({ image: name, sdk: await ai.image.classify(blob, { topK: 5 }), direct: await direct.classify(blob, 5) });
      }
      const replica = (await ai.metrics()).image!.replicas[0]!;
      return { results, replica: { backend: replica.backend, model: replica.model } };
    }, images);

    // Both sides ran the same model on the same backend.
    expect(replica).toEqual({ backend, model: MODEL_ID });
    for (const { image, sdk, direct } of results) {
      console.log(`${backend} ${image}: ${sdk.map((c, i) => `${c.label} ${c.probability.toFixed(6)}/${direct[i]?.probability.toFixed(6)}`).join(', ')}`);
      expect(sdk.map((c) => c.label), image).toEqual(direct.map((c) => c.label));
      sdk.forEach((c, i) => {
        expect(Math.abs(c.probability - direct[i]!.probability), `${image} #${i + 1} ${c.label}`).toBeLessThanOrEqual(TOLERANCE);
      });
    }
    expect(results.find((r) => r.image === 'coffee.png')?.sdk[0]?.label).toBe('espresso');
  });
}
