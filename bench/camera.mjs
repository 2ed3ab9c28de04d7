// The image page's live camera, fed by Chromium's fake camera (its moving test pattern): answers per
// second and latency as the page shows them, after the first answer and a settling time.
/* global document -- used inside page.evaluate */
import { record, table } from './harness.mjs';

const SECTION = 'camera';
const SETTLE_MS = 5_000;
const MEASURE_MS = 15_000;

export async function run(bench) {
  const context = await bench.browser.newContext({ baseURL: bench.origin, permissions: ['camera'] });
  try {
    const page = await context.newPage();
    await page.goto('/#/image');
    await page.getByRole('status').filter({ hasText: 'Service:' }).getByText('ready').waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Start the live camera' }).click();
    await page.getByRole('group', { name: 'Live camera labels' }).getByRole('listitem').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(SETTLE_MS);
    const read = () =>
      page.evaluate(() => {
        const value = (key) => parseFloat(document.querySelector(`[data-live="${key}"]`)?.textContent ?? 'NaN');
        return { fps: value('fps'), latency: value('latency'), frames: value('frames'), classified: value('classified'), dropped: value('dropped'), failed: value('failed') };
      });
    const before = await read();
    await page.waitForTimeout(MEASURE_MS);
    const after = await read();
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const answers = (after.classified - before.classified) / (MEASURE_MS / 1000);
    console.log(`Live camera on the image page (Chromium's fake camera), ${MEASURE_MS / 1000} s after ${SETTLE_MS / 1000} s of settling`);
    table(
      ['', 'value'],
      [
        ['answers per second (classified over the window)', answers.toFixed(1)],
        ['answers per second (as the page shows it)', String(after.fps)],
        ['latency ms (as the page shows it)', String(after.latency)],
        ['frames seen / classified / dropped / failed in the window', `${after.frames - before.frames} / ${after.classified - before.classified} / ${after.dropped - before.dropped} / ${after.failed - before.failed}`],
      ],
    );
    record(SECTION, 'live camera: answers per second', answers, { unit: '/s' });
    record(SECTION, 'live camera: latency as shown', after.latency, { unit: 'ms' });
  } finally {
    await context.close();
  }
}
