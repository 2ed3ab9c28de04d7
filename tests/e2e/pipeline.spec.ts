/**
 * "Analyse a call" over the bus: a `speech.transcribed` message reaches the text service (a different
 * worker) as a request, and its answer comes back on `text.sentiment`. No speech-to-text model can run
 * on this machine (Whisper's weights are unreachable, the project's own ASR is not built yet), so the
 * page publishes the transcript the speech service would; DistilBERT SST-2 is not here either, so the
 * sentiment arrives as its typed reason where the model is missing, and as a label where it is present.
 */
import { expect, test } from '@playwright/test';
import { openSdk } from './fixtures';

const TRANSCRIPT = { text: 'Thank you so much, the engineer fixed my internet today and was very friendly.', chunks: [], model: 'page', seconds: 4 };

test('a transcript published on the bus is scored by the text service and answered on text.sentiment', async ({ page }) => {
  await openSdk(page);
  const answer = await page.evaluate(async (transcript) => {
    const ai = (window as any).ai;
    const message = new Promise<any>((resolve) => ai.subscribe('text.sentiment', resolve));
    ai.publish('speech.transcribed', transcript);
    return message;
  }, TRANSCRIPT);

  expect(answer.text).toBe(TRANSCRIPT.text);
  if (answer.error) {
    expect(answer.error.code).toBe('MODEL_UNAVAILABLE');
    expect(answer.error.message).toContain('DistilBERT');
  } else {
    expect(answer).toMatchObject({ label: 'POSITIVE' });
  }
  const traces = await page.evaluate(() => (window as any).ai.traces());
  expect(traces.find((t: any) => t.service === 'text' && t.method === 'analyseTranscript')).toBeTruthy();

  // A transcript that is empty is refused by the text service's own checks; the service stays up.
  const refused = await page.evaluate(async () => {
    const ai = (window as any).ai;
    const message = new Promise<any>((resolve) => ai.subscribe('text.sentiment', resolve));
    ai.publish('speech.transcribed', { text: '   ', chunks: [], model: 'page', seconds: 1 });
    return message;
  });
  expect(refused.error.code).toBe('INVALID_INPUT');
  expect(await page.evaluate(() => (window as any).ai.ping('text'))).toBeGreaterThan(0);
});
