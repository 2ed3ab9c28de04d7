/** Teaching from the webcam: Chromium's fake camera gives a real MediaStream of a generated test pattern. */
import { expect, test } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';

test.use({
  permissions: ['camera'],
  launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] },
});

test('captured frames become examples of a class', async ({ page }) => {
  await page.goto('/#/image');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  await page.getByRole('button', { name: 'Use the camera' }).click();
  await expect(page.getByLabel('Camera preview')).toBeVisible();
  await expect.poll(() => page.getByLabel('Camera preview').evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Capture example' }).click();
  await page.getByRole('button', { name: 'Capture example' }).click();
  await expect(page.getByText('2 examples ready: camera 1, camera 2')).toBeVisible();
  await page.getByLabel('Custom model', { exact: true }).fill('desk');
  await page.getByLabel('Class', { exact: true }).fill('test pattern');
  await page.getByRole('button', { name: 'Teach "test pattern"' }).click();
  await expect(page.getByText('"test pattern" in desk now has 2 examples.')).toBeVisible();
  await page.getByRole('button', { name: 'Close the camera' }).click();
  await expect(page.getByRole('button', { name: 'Use the camera' })).toBeVisible();
});
