/** The text page: paste feedback, see a table and a chart, search what was kept, across a reload; bad files explained. */
import { expect, test, type Page } from '@playwright/test';

const SPAM = 'CONGRATULATIONS!!! You have WON a FREE cruise. Click here to claim your $1000 prize now, limited offer!!!';
const MARKUP = '<b>bold</b><img src=x onerror="window.__pwned=1"> Can we move the project meeting to Thursday afternoon?';

async function openTextPage(page: Page) {
  await page.goto('/#/text');
  const badge = page.getByRole('status').filter({ hasText: 'Service:' });
  await expect(badge).toContainText('ready');
  await expect(badge).toContainText('spam-detector');
}

test('pasted feedback gets a results table and a summary chart; markup stays text; search survives a reload', async ({ page }) => {
  await openTextPage(page);
  await page.getByLabel('Feedback, one text per line').fill(`${SPAM}\n\n${MARKUP}\n`);
  await page.getByRole('button', { name: 'Analyse' }).click();

  const rows = page.getByTestId('text-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId('top-label')).toContainText('spam');
  // Every row has a sentiment, and the page names the model that gave it.
  await expect(rows.locator('.sentiment')).toHaveCount(2);
  await expect(page.getByText(/^Sentiment by text-sentiment-(inpage|distilbert-sst2)/)).toBeVisible();
  // The markup is shown as the characters it is, and nothing in it ran.
  await expect(rows.nth(1)).toContainText('<b>bold</b><img src=x');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByRole('figure', { name: 'Batch summary' })).toContainText('2 texts');
  await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();

  // Kept for search: the stored spam is the closest to a spam query.
  await expect(page.getByRole('heading', { name: /Search stored texts \(2\)/ })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search by meaning' }).fill('You WON a FREE prize, claim it now!!!');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('hit').first()).toContainText('CONGRATULATIONS');

  await page.reload();
  await openTextPage(page);
  await expect(page.getByRole('heading', { name: /Search stored texts \(2\)/ })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search by meaning' }).fill('Can we move the meeting to Thursday?');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('hit')).toHaveCount(2);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete all' }).click();
  await expect(page.getByRole('heading', { name: /Search stored texts \(0\)/ })).toBeVisible();
});

test('a file that is not UTF-8 text gets a clear message, and the next paste still works', async ({ page }) => {
  await openTextPage(page);
  await page.getByLabel('Or drop a .txt or .csv file (one comment per row)').setInputFiles({
    name: 'latin1.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x67, 0x72, 0x65, 0x61, 0x74, 0x0a]),
  });
  await expect(page.getByRole('alert')).toContainText('not UTF-8 text');
  await page.getByLabel('Feedback, one text per line').fill('Thanks, the refund arrived today.');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.getByTestId('text-row')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
