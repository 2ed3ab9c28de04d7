/**
 * "Analyse a call" over the bus: a real recording is transcribed by the speech service (PocketSphinx
 * here, offline), which publishes `speech.transcribed`; the text service (a different worker) scores the
 * transcript and answers on `text.sentiment`, in the same trace. The two services never import each other.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LIBRIVOX, wordErrorRate } from '../fixtures/librivox.mjs';
import { openSdk } from './fixtures';

const RECORDING = LIBRIVOX.find((r) => r.id === '0890')!; // "unless to be rather cold hearted and rather selfish is to be ill disposed"

/** A label always: DistilBERT SST-2 where the device has it, else the project's own sentiment model. */
function expectSentiment(answer: { label?: string; score?: number; model?: string; error?: unknown }) {
  expect(answer.error).toBeUndefined();
  expect(['POSITIVE', 'NEGATIVE']).toContain(answer.label);
  expect(answer.score).toBeGreaterThanOrEqual(0.5);
  expect(['text-sentiment-distilbert-sst2', 'text-sentiment-inpage']).toContain(answer.model);
}

test('a recording transcribed by the speech service is scored by the text service, in one trace', async ({ page }) => {
  await openSdk(page);
  const { transcript, answer, traces } = await page.evaluate(async (data) => {
    const ai = window.ai;
    const message = new Promise<any>((resolve) => ai.subscribe('text.sentiment', resolve));
    const transcript = await ai.speech.transcribe(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' }));
    const answer = await message;
    // The text service's request finishes after its answer is published: wait for its trace record.
    while (!ai.traces().some((t: any) => t.method === 'analyseTranscript')) await new Promise((r) => setTimeout(r, 50));
    return { transcript, answer, traces: ai.traces() };
  }, readFileSync(RECORDING.path).toString('base64'));

  expect(transcript.model).toBe('pocketsphinx-en-us');
  expect(wordErrorRate([{ reference: RECORDING.transcript, hypothesis: transcript.text }])).toBeLessThanOrEqual(0.3);
  expect(answer.text).toBe(transcript.text);
  expectSentiment(answer);
  const transcribe = traces.find((t: any) => t.service === 'speech' && t.method === 'transcribe');
  const analyse = traces.find((t: any) => t.service === 'text' && t.method === 'analyseTranscript');
  expect(analyse!.trace).toBe(transcribe!.trace);

  // A transcript that is empty is refused by the text service's own checks; the service stays up.
  const refused = await page.evaluate(async () => {
    const ai = window.ai;
    const message = new Promise<any>((resolve) => ai.subscribe('text.sentiment', resolve));
    ai.publish('speech.transcribed', { text: '   ', chunks: [], model: 'page', seconds: 1 });
    return message;
  });
  expect(refused.error.code).toBe('INVALID_INPUT');
  expect(await page.evaluate(() => window.ai.ping('text'))).toBeGreaterThan(0);
});

test('on the speech page, a dropped call shows its transcript, the model, and the text service’s answer', async ({ page }) => {
  await page.goto('/#/speech');
  await page.getByLabel('Drop a call recording (up to 10 minutes) to transcribe it').setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: readFileSync(RECORDING.path) });
  await expect(page.getByTestId('transcript')).toContainText('rather selfish', { timeout: 90_000 });
  await expect(page.locator('.call-analysis figcaption')).toContainText('transcribed by pocketsphinx-en-us');
  await expect(page.getByTestId('sentiment').or(page.getByTestId('sentiment-error'))).toBeVisible();
  await page.getByRole('link', { name: 'Traces' }).click();
  await expect(page.getByText('analyseTranscript').first()).toBeVisible();
});
