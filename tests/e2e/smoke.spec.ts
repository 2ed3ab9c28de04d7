import { expect, test } from '@playwright/test';
import { b64, fixture, openSdk } from './fixtures';

test('smoke', async ({ page }) => {
  page.on('console', (m) => console.log('[page]', m.text()));
  await openSdk(page);
  const out = await page.evaluate(async (data) => {
    const ai = (window as any).ai;
    const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const t0 = performance.now();
    const r = await ai.image.classify(blob, { topK: 3 });
    const t1 = performance.now();
    const r2 = await ai.image.classify(blob, { topK: 3 });
    const t2 = performance.now();
    return { r, r2, first: t1 - t0, second: t2 - t1, services: await ai.services(), metrics: await ai.metrics() };
  }, b64(fixture('images/coffee.png')));
  console.log(JSON.stringify(out, null, 1));
  expect(out.r[0].label).toBe('espresso');
});
