/**
 * Fidelity: the text service, through the SDK, the bus and its worker, gives the same scores as
 * Transformers.js's pipeline() called directly on the page, for the same model files, weights and backend.
 */
import { expect, test } from '@playwright/test';
import { loadTextDirect } from '../../bench/text-direct.mjs';
import { fixture, openSdk } from './fixtures';

const TOLERANCE = 1e-4;

test("the worker's spam-detector scores equal a direct pipeline() call on the page", async ({ page }) => {
  await openSdk(page, '?backend=wasm');
  await loadTextDirect(page, { task: 'text-classification', model: 'spam-detector', dtype: 'q8' });
  const emails = (JSON.parse(fixture('text/spam-ham-sample.json').toString('utf8')) as { text: string }[]).map((e) => e.text);
  const texts = [...emails.slice(0, 8), 'Meeting moved to 3pm, see the agenda attached.', 'CLAIM YOUR FREE PRIZE NOW!!!'];

  const { sdk, direct, replica } = await page.evaluate(async (texts) => {
    const ai = (window as any).ai;
    const sdk = await ai.text.classify(texts, { model: 'spam-detector', batchSize: 4 });
    const direct = [];
    for (let i = 0; i < texts.length; i += 4) direct.push(...(await (window as any).textDirect(texts.slice(i, i + 4), { top_k: null })));
    const replica = (await ai.metrics()).text.replicas[0];
    return { sdk, direct, replica: { backend: replica.backend, model: replica.model } };
  }, texts);

  expect(replica).toEqual({ backend: 'wasm', model: 'spam-detector' });
  expect(sdk).toHaveLength(texts.length);
  let worst = 0;
  sdk.forEach((result: { labels: { label: string; score: number }[] }, i: number) => {
    expect(result.labels.map((l) => l.label)).toEqual(direct[i].map((l: { label: string }) => l.label));
    result.labels.forEach((l, j) => {
      worst = Math.max(worst, Math.abs(l.score - direct[i][j].score));
    });
  });
  console.log(`largest score difference worker vs direct: ${worst.toExponential(2)}`);
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
});
