/**
 * Live captions through Chromium's fake microphone, which plays a WAV once as the capture device: three
 * real LibriVox recordings (tests/fixtures/SOURCES.md) with pauses between them, as a person reading aloud.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';
import { LIBRIVOX, wordErrorRate } from '../fixtures/librivox.mjs';
import { readWav, wav } from './audio';
import { openSdk } from './fixtures';

const SPOKEN = ['0880', '0890', '0930'].map((id) => LIBRIVOX.find((r) => r.id === id)!);
const RATE = 16000;

/** The recordings with 1.5 s of silence before, between and after them, as one 16-bit WAV file. */
function micFile(): string {
  const gap = new Float32Array(1.5 * RATE);
  const parts = [gap, ...SPOKEN.flatMap((r) => [readWav(r.path).channels[0]!, gap])];
  const samples = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  parts.reduce((at, p) => (samples.set(p, at), at + p.length), 0);
  const dir = join(tmpdir(), `inpage-captions-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'reading.wav');
  writeFileSync(file, wav({ channels: [samples], sampleRate: RATE }));
  return file;
}

test.use({
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micFile()}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

test('caption() shows the words as they are spoken, then each sentence as final', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const heard = await page.evaluate(
    (sentences) =>
      new Promise<{ partials: string[]; finals: string[] }>((resolve, reject) => {
        const partials: string[] = [];
        const finals: string[] = [];
        let stop: (() => Promise<void>) | undefined;
        const finish = () => void stop?.().then(() => resolve({ partials, finals }), reject);
        // The reading lasts about 17 s; stop once every sentence is final, or after a minute at most.
        const timer = setTimeout(finish, 60_000);
        window.ai.speech
          .caption({
            onPartial: ({ text }: { text: string }) => text && partials.push(text),
            onFinal: ({ text }: { text: string }) => {
              finals.push(text);
              if (finals.length < sentences) return;
              clearTimeout(timer);
              finish();
            },
            onError: reject,
          })
          .then((s: () => Promise<void>) => (stop = s), reject);
      }),
    SPOKEN.length,
  );
  console.log(`partials: ${heard.partials.join(' | ')}\nfinals: ${heard.finals.join(' | ')}`);
  // Words appear while a sentence is spoken, before it is final (how many times depends on the machine's speed).
  const firstFinal = heard.finals[0]!.split(' ').length;
  expect(heard.partials.some((p) => p.split(' ').length < firstFinal)).toBe(true);
  // Each pause closes a sentence: one final per recording, mostly the right words.
  expect(heard.finals).toHaveLength(SPOKEN.length);
  const wer = wordErrorRate(SPOKEN.map((r, i) => ({ reference: r.transcript, hypothesis: heard.finals[i]! })));
  console.log(`live captions word error rate ${wer.toFixed(3)}`);
  expect(wer).toBeLessThanOrEqual(0.35);
});

test('the speech page captions the microphone in its captions panel', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/speech');
  await page.getByRole('button', { name: 'Start captions' }).click();
  const log = page.getByRole('log', { name: 'Captions' });
  await expect(page.getByTestId('caption-partial')).toContainText(/\b(he|was|not|man)\b/, { timeout: 60_000 });
  await expect(log.locator('.caption-final')).toHaveCount(SPOKEN.length, { timeout: 60_000 });
  await expect(log.locator('.caption-final').nth(1)).toContainText('rather');
  await page.getByRole('button', { name: 'Stop captions' }).click();
  await expect(page.getByRole('meter', { name: 'Captions input level' })).toHaveAttribute('aria-valuenow', '0');
});
