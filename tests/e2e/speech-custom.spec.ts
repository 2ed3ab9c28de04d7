/**
 * Custom words: two new words trained in the worker from five examples each (espeak-ng voices, see
 * models/speech/make_custom_word_fixtures.sh), kept in the service's IndexedDB across a reload, and
 * recognised in a voice that was not among the examples; then exported and imported into a fresh database.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { b64, openSdk } from './fixtures';

const CUSTOM = resolve(import.meta.dirname, 'audio/custom');
const WORDS = ['lights', 'coffee'];

function example(name: string): string {
  return b64(readFileSync(resolve(CUSTOM, `${name}.wav`)));
}

async function recognizeHeldOut(page: Page, word: string): Promise<{ label: string; score: number }[]> {
  return page.evaluate(async (data) => {
    const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
    return window.ai.speech.recognize(blob);
  }, example(`${word}-heldout`));
}

test('two new words are trained with progress, survive a reload, and are recognised in an unseen voice', async ({ page }) => {
  test.setTimeout(300_000);
  await openSdk(page);
  for (const word of WORDS) {
    for (let i = 1; i <= 5; i += 1) {
      await page.evaluate(
        async ({ word, data }) => {
          const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
          return window.ai.speech.addExample(word, blob);
        },
        { word, data: example(`${word}-${i}`) },
      );
    }
  }
  expect(await page.evaluate(() => window.ai.speech.listExamples())).toEqual({ lights: 5, coffee: 5 });

  const trained = await page.evaluate(async () => {
    const epochs: { loaded: number; loss: number }[] = [];
    const result = await window.ai.speech.train({
      epochs: 25,
      onProgress: (p: any) => p.phase === 'train' && epochs.push({ loaded: p.loaded, loss: p.metrics.loss }),
    });
    return { result, epochs };
  });
  expect(trained.result.words).toEqual(['_background_noise_', 'coffee', 'lights']);
  expect(trained.epochs.map((e) => e.loaded)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  expect(trained.epochs.at(-1)!.loss).toBeLessThan(trained.epochs[0]!.loss);

  await page.reload();
  await openSdk(page);
  const vocabulary = await page.evaluate(() => window.ai.speech.vocabulary());
  expect(vocabulary).toMatchObject({ model: 'custom', words: ['_background_noise_', 'coffee', 'lights'], customAvailable: true });
  for (const word of WORDS) expect((await recognizeHeldOut(page, word))[0]!.label).toBe(word);

  // Export, wipe the service's database, import: the words come back.
  const exported = await page.evaluate(async () => {
    const blob: Blob = await window.ai.speech.exportModel();
    return { text: await blob.text(), type: blob.type };
  });
  expect(exported.type).toBe('application/json');
  await page.evaluate(() => window.ai.close());
  await page.reload();
  await page.evaluate(
    () =>
      new Promise<void>((done, fail) => {
        const request = indexedDB.deleteDatabase('inpage-speech');
        request.onsuccess = () => done();
        request.onerror = () => fail(request.error);
      }),
  );
  await openSdk(page);
  expect(await page.evaluate(() => window.ai.speech.vocabulary())).toMatchObject({ model: 'base', customAvailable: false });
  const imported = await page.evaluate(async (text) => window.ai.speech.importModel(new Blob([text], { type: 'application/json' })), exported.text);
  expect(imported).toMatchObject({ model: 'custom', words: ['_background_noise_', 'coffee', 'lights'] });
  expect((await recognizeHeldOut(page, 'lights'))[0]!.label).toBe('lights');
  expect(await page.evaluate(() => window.ai.speech.listExamples())).toEqual({ lights: 5, coffee: 5 });

  const bad = await page.evaluate(async () => {
    try {
      await window.ai.speech.importModel(new Blob(['{"format":"something else"}']));
      return 'imported';
    } catch (error: any) {
      return error.code;
    }
  });
  expect(bad).toBe('INVALID_INPUT');
});

test('training with too few words or examples says what is missing', async ({ page }) => {
  await openSdk(page);
  await page.evaluate((data) => {
    const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
    return window.ai.speech.addExample('lights', blob);
  }, example('lights-1'));
  const answer = await page.evaluate(async () => {
    try {
      await window.ai.speech.train();
      return { code: 'none', message: '' };
    } catch (error: any) {
      return { code: error.code as string, message: error.message as string };
    }
  });
  expect(answer.code).toBe('INVALID_INPUT');
  expect(answer.message).toMatch(/at least two words/);
});
