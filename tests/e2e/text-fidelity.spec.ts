/**
 * Fidelity: the text service, through the SDK, the bus and its worker, gives the same scores as
 * Transformers.js's pipeline() called directly on the page, for the same model files, weights and backend;
 * its own sentiment model gives the probabilities its build script computed in Node, and the accuracy a user
 * would see on the 1,000 imdb sentences of the UCI Sentiment Labelled Sentences (npm sentiment@5.0.2
 * test/fixtures), which its build never trained or tuned on: the target is 0.85, beside the AFINN
 * lexicon (npm `sentiment`, the usual JavaScript fallback).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { loadTextDirect } from '../../bench/text-direct.mjs';
import { readMail } from '../../workers/text/mail';
import { fixture, openSdk } from './fixtures';
import type { Classified, Sentiment as SentimentAnswer } from '../../src/client';

const TOLERANCE = 1e-4;
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const require = createRequire(import.meta.url);
const UCI = join(dirname(require.resolve('sentiment/package.json')), 'test/fixtures');
// npm `sentiment` ships no types.
const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };

/** The own sentiment model's answers through the SDK: forced, so it answers even where DistilBERT SST-2 is mirrored. */
async function ownSentiment(page: Page, texts: string[], batchSize: number): Promise<SentimentAnswer[]> {
  await openSdk(page, '?backend=wasm');
  return page.evaluate(
    async ({ texts, batchSize }) => {
      const ai = await window.sdk.connect({ models: { text: 'text-sentiment-inpage' } });
      try {
        // Every text here is a sentence: none comes back as an item error.
        return (await ai.text.sentiment(texts, { batchSize })) as SentimentAnswer[];
      } finally {
        ai.close();
      }
    },
    { texts, batchSize },
  );
}

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
  const results = await ownSentiment(page, fidelity.map((f) => f.text), 8);
  let worst = 0;
  results.forEach((r, i) => {
    expect(r.model).toBe('text-sentiment-inpage');
    const positive = r.label === 'POSITIVE' ? r.score : 1 - r.score;
    worst = Math.max(worst, Math.abs(positive - fidelity[i]!.positive));
  });
  console.log(`largest probability difference worker vs build script: ${worst.toExponential(2)}`);
  expect(worst).toBeLessThanOrEqual(TOLERANCE);
});

test('the own sentiment model gets at least 0.85 of the held-out imdb sentences right', async ({ page }) => {
  // 1,000 sentences through USE lite on one WASM thread: about a minute on a quiet machine, far more on a shared one.
  test.setTimeout(480_000);
  const imdb = (JSON.parse(readFileSync(join(UCI, 'imdb.json'), 'utf8')) as { text: string; class: number }[]).filter((row) => row.text.trim());
  expect(imdb).toHaveLength(1000);
  const results = await ownSentiment(page, imdb.map((row) => row.text), 32);
  expect(results.every((r) => r.model === 'text-sentiment-inpage')).toBe(true);
  const right = results.filter((r, i) => (r.label === 'POSITIVE' ? 1 : 0) === imdb[i]!.class).length;
  const afinn = new Sentiment();
  const afinnRight = imdb.filter((row) => (afinn.analyze(row.text).score >= 0 ? 1 : 0) === row.class).length;
  console.log(`imdb accuracy through the SDK: ${(right / imdb.length).toFixed(3)} (AFINN, score >= 0: ${(afinnRight / imdb.length).toFixed(3)})`);
  expect(right / imdb.length).toBeGreaterThanOrEqual(0.85);
});
