/**
 * Fidelity: the text service, through the SDK, the bus and its worker, gives the same scores as
 * Transformers.js's pipeline() called directly on the page, for the same model files, weights and backend;
 * and its own sentiment model gives the probabilities its build script computed in Node.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loadTextDirect } from '../../bench/text-direct.mjs';
import { readMail } from '../../workers/text/mail';
import { fixture, openSdk } from './fixtures';
import type { Classified, Sentiment } from '../../src/client';

const TOLERANCE = 1e-4;
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

test("the worker's spam-detector scores equal a direct pipeline() call on the page", async ({ page }) => {
  await openSdk(page, '?backend=wasm');
  await loadTextDirect(page, { task: 'text-classification', model: 'spam-detector', dtype: 'q8' });
  const emails = (JSON.parse(fixture('text/spam-ham-sample.json').toString('utf8')) as { text: string }[]).map((e) => e.text);
  const texts = [...emails.slice(0, 8), 'Meeting moved to 3pm, see the agenda attached.', 'CLAIM YOUR FREE PRIZE NOW!!!'];

  // The service reads each mail as a person would (its manifest says input: mail) before the model sees it.
  const { sdk, direct, replica } = await page.evaluate(async ({ texts, read }) => {
    const ai = window.ai;
    const sdk = await ai.text.classify(texts, { model: 'spam-detector', batchSize: 4 });
    const direct = [];
    for (let i = 0; i < read.length; i += 4) direct.push(...(await (window as any).textDirect(read.slice(i, i + 4), { top_k: null })));
    const replica = (await ai.metrics()).text!.replicas[0]!;
    return { sdk, direct, replica: { backend: replica.backend, model: replica.model } };
  }, { texts, read: texts.map(readMail) });

  expect(replica).toEqual({ backend: 'wasm', model: 'spam-detector' });
  expect(sdk).toHaveLength(texts.length);
  let worst = 0;
  (sdk as Classified[]).forEach((result, i) => {
    expect(result.labels.map((l) => l.label)).toEqual(direct[i].map((l: { label: string }) => l.label));
    result.labels.forEach((l, j) => {
      worst = Math.max(worst, Math.abs(l.score - direct[i][j].score));
    });
  });
  console.log(`largest score difference worker vs direct: ${worst.toExponential(2)}`);
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
});

test("the worker's own sentiment model gives the build script's probabilities (same embeddings, same head)", async ({ page }) => {
  // models/build-text-sentiment.mjs scored these imdb sentences in Node with USE lite and workers/text/head.ts.
  const { fidelity } = JSON.parse(readFileSync(resolve(ROOT, 'models/text-sentiment-inpage/REPORT.json'), 'utf8')) as { fidelity: { text: string; positive: number }[] };
  await openSdk(page, '?backend=wasm');
  const results = await page.evaluate(async (texts) => {
    // The own model forced, so the comparison holds where DistilBERT SST-2 is mirrored too.
    const ai = await window.sdk.connect({ models: { text: 'text-sentiment-inpage' } });
    try {
      return await ai.text.sentiment(texts, { batchSize: 8 });
    } finally {
      ai.close();
    }
  }, fidelity.map((f) => f.text));
  let worst = 0;
  (results as Sentiment[]).forEach((r, i) => {
    expect(r.model).toBe('text-sentiment-inpage');
    const positive = r.label === 'POSITIVE' ? r.score : 1 - r.score;
    worst = Math.max(worst, Math.abs(positive - fidelity[i]!.positive));
  });
  console.log(`largest probability difference worker vs build script: ${worst.toExponential(2)}`);
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
});
