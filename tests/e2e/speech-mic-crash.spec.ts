/**
 * Live voice commands while the speech service crashes: Chromium's fake microphone says "right" again and
 * again, and listening must carry on in the replica that supervision starts in place of the dead one.
 */
import { expect, test } from '@playwright/test';
import { fakeMicrophone, padded } from './audio';
import { openSdk } from './fixtures';

test.use({ launchOptions: fakeMicrophone(padded('right', 1, 2), 'right-mic-loop', { loop: true }) });

test('listening goes on when the speech replica crashes: its replacement hears the next word', async ({ page }) => {
  await openSdk(page);
  await page.evaluate(() => window.ai.speech.vocabulary());
  const outcome = await page.evaluate(
    () =>
      new Promise<{ heard: string[]; killed: string; restarts: number }>((resolve, reject) => {
        const heard: string[] = [];
        let killed = '';
        let stop: (() => Promise<void>) | undefined;
        const timer = setTimeout(() => reject(new Error(`heard ${heard.join(', ') || 'nothing'} within 60 s`)), 60_000);
        window.ai.speech
          .listen({
            threshold: 0.6,
            onCommand: async ({ label }: { label: string }) => {
              heard.push(label);
              if (!killed) {
                killed = (await window.ai.metrics()).speech!.replicas[0]!.id;
                window.ai.kill('speech', killed);
                return;
              }
              clearTimeout(timer);
              await stop?.();
              resolve({ heard, killed, restarts: (await window.ai.metrics()).speech!.restarts });
            },
            onError: reject,
          })
          .then((s: () => Promise<void>) => (stop = s), reject);
      }),
  );
  expect(outcome.heard).toEqual(['right', 'right']);
  expect(outcome.restarts).toBeGreaterThan(0);
});
