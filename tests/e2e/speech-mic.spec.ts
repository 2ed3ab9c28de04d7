/**
 * Live voice commands through Chromium's fake microphone, which plays a WAV file once as the capture
 * device: a fixture word padded with silence, so capture has started before the word comes.
 */
import { expect, test } from '@playwright/test';
import { fakeMicrophone, padded } from './audio';
import { openSdk } from './fixtures';

test.use({ launchOptions: fakeMicrophone(padded('right', 2, 2), 'right-mic') });

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

/**
 * The command model scores this recording 0.71 to 0.76 through the fake microphone (48 kHz, depending on
 * where the hop falls on the word): at the page's default 0.75 whether it is taken is a coin toss, so
 * the page tests that take it set the threshold to 0.6, as the SDK test above does.
 */
const TAKES_IT = '0.6';

test('the speech page shows the word heard by the microphone, large, with a moving level meter', async ({ page }) => {
  await page.goto('/#/speech');
  await expect(page.getByTestId('vocabulary')).toContainText('right', { timeout: 90_000 });
  await page.getByRole('slider', { name: 'Threshold' }).fill(TAKES_IT);
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

  // The choice outlives a reload; lowered, the same recording is taken.
  await page.reload();
  await expect(page.getByTestId('vocabulary')).toContainText('right', { timeout: 90_000 });
  await expect(threshold).toHaveValue('1');
  await threshold.fill(TAKES_IT);
  await page.getByRole('button', { name: 'Listen for commands' }).click();
  await expect(page.getByTestId('command')).toHaveText('right', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop listening' }).click();
});
