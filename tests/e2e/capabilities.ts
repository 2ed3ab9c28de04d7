/**
 * One real call per capability through a connected `window.ai`, with the answers a person would check:
 * the photo's labels and boxes, the words of a recording, a sentiment, ... Shared by the tests that prove
 * a deployment (dist/ alone) and an app built with the npm library answer everything with their own files.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { LIBRIVOX, wordErrorRate } from '../fixtures/librivox.mjs';
import { fixture } from './fixtures';

const NEW_PENGUIN = { Island: 'Biscoe', 'Beak Length (mm)': 47.5, 'Beak Depth (mm)': 14.8, 'Flipper Length (mm)': 222, 'Body Mass (g)': 5300, Sex: 'MALE' };

export async function expectEveryCapability(page: Page): Promise<void> {
  const inputs = {
    coffee: fixture('images/coffee.png').toString('base64'),
    yes: fixture('audio/yes.wav').toString('base64'),
    speech: LIBRIVOX.map((recording) => readFileSync(recording.path).toString('base64')),
    penguins: fixture('tabular/penguins.csv').toString('utf8'),
    penguin: NEW_PENGUIN,
  };
  const answers = await page.evaluate(async ({ coffee, yes, speech, penguins, penguin }) => {
    const ai = (window as any).ai;
    const blob = (data: string, type: string) => new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type });
    const photo = blob(coffee, 'image/png');
    const trained = await ai.tabular.train({ csv: penguins, target: 'Species', seed: 7 });
    await ai.text.index([
      { id: 'refund', text: 'How do I get my money back for a broken order?' },
      { id: 'hours', text: 'The shop opens at nine and closes at six.' },
    ]);
    return {
      labels: (await ai.image.classify(photo, { topK: 3 })).map((p: { label: string }) => p.label),
      boxes: (await ai.image.detect(photo)).map((d: { label: string }) => d.label),
      command: (await ai.speech.recognize(blob(yes, 'audio/wav'), { topK: 1 }))[0].label,
      transcripts: await Promise.all(speech.map(async (data) => (await ai.speech.transcribe(blob(data, 'audio/wav'))).text as string)),
      sentiment: (await ai.text.sentiment(['I love it, it works wonderfully.', 'Terrible, it broke after a day.'])).map((r: { label: string }) => r.label),
      topic: (await ai.text.classify(['The waiter brought our soup cold.'], { labels: ['a restaurant', 'a movie'] }))[0].labels[0].label,
      found: (await ai.text.search('I want a refund', { topK: 1 }))[0].id,
      species: (await ai.tabular.predict(trained.modelId, [penguin]))[0].prediction,
    };
  }, inputs);
  expect(answers.labels[0]).toBe('espresso');
  expect(answers.boxes).toContain('cup');
  expect(answers.command).toBe('yes');
  // The transcription target the speech suite holds the recogniser to, on the same five read sentences.
  expect(wordErrorRate(LIBRIVOX.map((r, i) => ({ reference: r.transcript, hypothesis: answers.transcripts[i]! })))).toBeLessThanOrEqual(0.25);
  expect(answers.sentiment).toEqual(['POSITIVE', 'NEGATIVE']);
  expect(answers.topic).toBe('a restaurant');
  expect(answers.found).toBe('refund');
  expect(answers.species).toBe('Gentoo');
}
