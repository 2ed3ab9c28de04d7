/**
 * "Analyse a call" over the bus: a `speech.transcribed` message reaches the text service (a different
 * worker) as a request, and its answer comes back on `text.sentiment`. No speech-to-text model can run
 * on this machine (Whisper's weights are unreachable, the project's own ASR is not built yet), so, as the
 * issue allows, the words come from the speech service's command recognizer on a real recording and the
 * page publishes them as the transcript; its sentiment arrives as a label (DistilBERT SST-2 where present,
 * else the project's own model).
 */
import { expect, test } from '@playwright/test';
import { fixture, openSdk } from './fixtures';

test('a transcript published on the bus is scored by the text service and answered on text.sentiment', async ({ page }) => {
  await openSdk(page);
  const { heard, answer } = await page.evaluate(async (wavs) => {
    const ai = (window as any).ai;
    const words: string[] = [];
    for (const data of wavs) {
      const [top] = await ai.speech.recognize(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' }));
      words.push(top.label);
    }
    const text = words.join(' ');
    const message = new Promise<any>((resolve) => ai.subscribe('text.sentiment', resolve));
    ai.publish('speech.transcribed', { text, chunks: [], model: 'speech-commands', seconds: wavs.length });
    return { heard: text, answer: await message };
  }, ['yes', 'go'].map((word) => fixture(`audio/${word}.wav`).toString('base64')));

  expect(heard).toBe('yes go');
  expect(answer.text).toBe(heard);
  // A label always: DistilBERT SST-2 where the device has it, else the project's own sentiment model.
  expect(answer.error).toBeUndefined();
  expect(['POSITIVE', 'NEGATIVE']).toContain(answer.label);
  expect(answer.score).toBeGreaterThanOrEqual(0.5);
  expect(['text-sentiment-distilbert-sst2', 'text-sentiment-inpage']).toContain(answer.model);
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
