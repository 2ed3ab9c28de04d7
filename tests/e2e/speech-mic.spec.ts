/**
 * Live voice commands through Chromium's fake microphone, which plays a WAV file once as the capture
 * device: a fixture word padded with silence, so capture has started before the word comes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';
import { readFixtureWav, wav } from './audio';
import { openSdk } from './fixtures';

function padded(word: string, before: number, after: number): string {
  const { channels, sampleRate } = readFixtureWav(`audio/${word}.wav`);
  const samples = new Float32Array(Math.round((before + after) * sampleRate) + channels[0]!.length);
  samples.set(channels[0]!, Math.round(before * sampleRate));
  const dir = join(tmpdir(), `inpage-speech-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${word}-mic.wav`);
  writeFileSync(file, wav({ channels: [samples], sampleRate }));
  return file;
}

const MIC_FILE = padded('right', 2, 2);

// One retry, in a fresh browser: after an earlier capture in the same browser, Chromium's fake microphone
// sometimes gave the page a stream where the word was missed or cut (seen 2 runs in 4 here; alone it passes).
test.describe.configure({ retries: 1 });

test.use({
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${MIC_FILE}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

test('a word spoken into the microphone is recognised live through listen()', async ({ page }) => {
  await openSdk(page);
  // Load the model first, so the word is not spoken while the service is still starting.
  await page.evaluate(() => window.ai.speech.vocabulary());
  const heard = await page.evaluate(
    () =>
      new Promise<{ label: string; score: number; levels: number }>((resolve, reject) => {
        let levels = 0;
        let stop: (() => Promise<void>) | undefined;
        const timer = setTimeout(() => reject(new Error(`no command heard within 20 s (peak input level ${levels})`)), 20_000);
        window.ai.speech
          .listen({
            threshold: 0.6,
            onLevel: (level: number) => (levels = Math.max(levels, level)),
            onCommand: (command: { label: string; score: number }) => {
              clearTimeout(timer);
              void stop?.().then(() => resolve({ ...command, levels }));
            },
            onError: reject,
          })
          .then((s: () => Promise<void>) => (stop = s), reject);
      }),
  );
  expect(heard.label).toBe('right');
  expect(heard.score).toBeGreaterThanOrEqual(0.6);
  expect(heard.levels).toBeGreaterThan(0.05);
});

test('the speech page shows the word heard by the microphone, large, with a moving level meter', async ({ page }) => {
  await page.goto('/#/speech');
  await expect(page.getByTestId('vocabulary')).toContainText('right', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Listen for commands' }).click();
  await expect(page.getByTestId('command')).toHaveText('right', { timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Recent commands' }).getByRole('listitem').first()).toContainText('right');
  await page.getByRole('button', { name: 'Stop listening' }).click();
  await expect(page.getByRole('meter', { name: 'Microphone level' })).toHaveAttribute('aria-valuenow', '0');
});

test('the listen threshold on the speech page decides what is taken, and is remembered', async ({ page }) => {
  await page.goto('/#/speech');
  await expect(page.getByTestId('vocabulary')).toContainText('right', { timeout: 90_000 });
  const threshold = page.getByRole('slider', { name: 'Threshold' });
  await expect(threshold).toHaveValue('0.75');

  // At 1.00 words are heard (the page says which, at what score) but never taken as a command. Which word
  // tops a window depends on where the window falls on a loaded machine ("up" at 88% was seen), so any.
  await threshold.fill('1');
  await page.getByRole('button', { name: 'Listen for commands' }).click();
  await expect(page.getByTestId('below-threshold')).toHaveText(/^Not taken: “[a-z]+” at \d+%/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop listening' }).click();
  await expect(page.getByTestId('command')).toHaveText('—');
  await expect(page.getByRole('list', { name: 'Recent commands' })).toHaveCount(0);

  // The choice outlives a reload; back at the default the same recording is taken.
  await page.reload();
  await expect(page.getByTestId('vocabulary')).toContainText('right', { timeout: 90_000 });
  await expect(threshold).toHaveValue('1');
  await threshold.fill('0.75');
  await page.getByRole('button', { name: 'Listen for commands' }).click();
  await expect(page.getByTestId('command')).toHaveText('right', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop listening' }).click();
});
