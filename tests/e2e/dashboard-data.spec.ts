/** The data page: one service's data exported, deleted and imported back, as a person would do it. */
import { expect, test, type Page } from '@playwright/test';
import { fixture } from './fixtures';

const PICKER = 'Drop an image here, or choose one';

/** The image service's history as stored, thumbnails by size (what a person sees in a list of past results). */
async function storedHistory(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('inpage-image');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<any[]>((resolve, reject) => {
      const request = db.transaction('history').objectStore('history').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows.map(({ thumbnail, ...rest }) => ({ ...rest, thumbnail: thumbnail ? `${thumbnail.type} ${thumbnail.bytes.byteLength} B` : null }));
  });
}

test('export, delete and import one service’s data: the history comes back identical', async ({ page }) => {
  await page.goto('/#/image');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  for (const name of ['coffee', 'chelsea']) {
    await page.getByLabel(PICKER).setInputFiles({ name: `${name}.png`, mimeType: 'image/png', buffer: fixture(`images/${name}.png`) });
    await expect(page.getByRole('img', { name: `Your image: ${name}.png` })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Predictions' })).toBeVisible();
  }
  await expect.poll(async () => (await storedHistory(page)).length).toBe(2);
  const before = await storedHistory(page);
  expect(before.map((h) => h.label)).toEqual(['espresso', expect.any(String)]);

  await page.getByRole('link', { name: 'Data' }).click();
  const image = page.getByRole('article', { name: 'image' });
  const history = image.locator('tr[data-store="history"] [data-metric="records"]');
  await expect(history).toHaveText('2');
  // The limits the service keeps are shown beside what it holds.
  await expect(image.locator('tr[data-store="history"] [data-metric="limit"]')).toHaveText('200');
  await expect(image.locator('tr[data-store="custom"] [data-metric="limit"]')).toHaveText('20');
  await expect(page.getByText(/used of .* the browser allows/)).toBeVisible();

  const saved = page.waitForEvent('download');
  await image.getByRole('button', { name: 'Export image data' }).click();
  const download = await saved;
  expect(download.suggestedFilename()).toMatch(/image.*\.json$/);
  const file = await download.path();

  await image.getByRole('button', { name: 'Delete image data' }).click();
  await image.getByRole('group', { name: 'Confirm deleting image data' }).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(image.getByText('Deleted image data.')).toBeVisible();
  await expect(history).toHaveText('0');
  expect(await storedHistory(page)).toEqual([]);
  // The models stay: deleting data is not forgetting the model cache.
  await expect(image.locator('tr[data-store="models"] [data-metric="records"]')).not.toHaveText('0');

  await image.getByLabel('Import image data').setInputFiles(file);
  // Nothing is replaced until the person confirms it.
  await expect(history).toHaveText('0');
  await image.getByRole('group', { name: 'Confirm importing image data' }).getByRole('button', { name: 'Yes, replace' }).click();
  await expect(image.getByText(/Imported \d+ records into image\./)).toBeVisible();
  await expect(history).toHaveText('2');
  expect(await storedHistory(page)).toEqual(before);
});
