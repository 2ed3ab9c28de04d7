/** The live camera on the image page, fed by Chromium's fake camera (a moving test pattern, a real MediaStream). */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';

test.use({
  permissions: ['camera'],
  launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] },
});

const number = async (page: Page, key: string) => parseFloat((await page.locator(`[data-live="${key}"]`).textContent()) ?? 'NaN');

/** Keeps a handle on the live camera's video track, to see later whether it was stopped. */
async function holdTrack(page: Page) {
  const preview = page.getByLabel('Live camera preview');
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
  await preview.evaluate((video: HTMLVideoElement) => {
    (window as unknown as { liveTrack: MediaStreamTrack }).liveTrack = (video.srcObject as MediaStream).getVideoTracks()[0]!;
  });
}
const trackState = (page: Page) => page.evaluate(() => (window as unknown as { liveTrack: MediaStreamTrack }).liveTrack.readyState);

test('the camera is classified continuously, one frame in flight at most, with fps and latency on screen; Stop stops it', async ({ page }) => {
  await page.goto('/#/image');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  await page.getByRole('button', { name: 'Start the live camera' }).click();
  await holdTrack(page);

  const labels = page.getByRole('group', { name: 'Live camera labels' }).getByRole('listitem');
  await expect(labels.first()).toBeVisible({ timeout: 60_000 });
  await expect(labels).toHaveCount(3);
  await expect.poll(() => number(page, 'classified'), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);

  // One synchronous read of the screen, so all the numbers come from the same render.
  const { failed, error, fps, latency, frames, classified, dropped, mostInFlight } = await page.evaluate(() => {
    const read = (key: string) => parseFloat(document.querySelector(`[data-live="${key}"]`)?.textContent ?? 'NaN');
    return { failed: read('failed'), error: document.querySelector('.panel [role=alert]')?.textContent, fps: read('fps'), latency: read('latency'), frames: read('frames'), classified: read('classified'), dropped: read('dropped'), mostInFlight: read('in-flight') };
  });
  console.log(`live camera on this machine: ${fps} answers/s, latency ${latency} ms, ${frames} frames seen, ${classified} classified, ${dropped} dropped`);
  expect(failed, error ?? '').toBe(0);
  expect(fps).toBeGreaterThan(0);
  expect(latency).toBeGreaterThan(0);
  // Never queued: every frame seen was classified, dropped, or is the one call in flight.
  expect(mostInFlight).toBe(1);
  expect(frames - classified - dropped).toBeGreaterThanOrEqual(0);
  expect(frames - classified - dropped).toBeLessThanOrEqual(1);

  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Start the live camera' })).toBeVisible();
  expect(await trackState(page)).toBe('ended');
});

test('leaving the page stops the camera', async ({ page }) => {
  await page.goto('/#/image');
  await page.getByRole('button', { name: 'Start the live camera' }).click();
  await holdTrack(page);
  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 2 })).toBeVisible();
  await expect.poll(() => trackState(page)).toBe('ended');
});
