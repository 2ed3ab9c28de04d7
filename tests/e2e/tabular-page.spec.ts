import { expect, test } from '@playwright/test';
import { fixture } from './fixtures';

const PENGUINS = fixture('tabular/penguins.csv');

test('the tables page: report, target, live training chart, metrics, confusion matrix, importance, a prediction from the form', async ({ page }) => {
  await page.goto('/#/tabular');
  await expect(page.getByRole('heading', { name: 'Predict from a table' })).toBeVisible();
  await page.getByLabel('Drop a CSV here, or choose one').setInputFiles({ name: 'penguins.csv', mimeType: 'text/csv', buffer: PENGUINS });

  await expect(page.getByRole('heading', { name: /344 rows, 7 columns, 19 missing cells/ })).toBeVisible();
  const sex = page.getByRole('table', { name: 'Columns' }).locator('tr[data-column="Sex"]');
  await expect(sex.locator('td').nth(1)).toHaveText('11');
  await expect(page.getByRole('list', { name: 'Problems found' })).toContainText('19 cells are missing');

  await page.getByLabel('Column to predict').selectOption('Species');
  await expect(page.getByText('task: multiclass')).toBeVisible();
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('figure', { name: 'Training progress' }).locator('.recharts-line').first()).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Training progress' }).getByRole('status')).toContainText(/epoch \d+: loss/);

  const metrics = page.getByRole('table', { name: 'Held-out metrics' });
  await expect(metrics).toBeVisible();
  const kept = metrics.locator('tr[aria-current="true"] td').first();
  expect(Number(await kept.textContent())).toBeGreaterThanOrEqual(0.9);
  await expect(metrics).toContainText('Baseline: always Adelie');
  await expect(page.getByRole('table', { name: 'Confusion matrix' }).locator('tbody tr')).toHaveCount(3);
  await expect(page.getByRole('figure', { name: 'Feature importance' }).locator('.recharts-bar-rectangle').first()).toBeVisible();

  const form = page.getByRole('form', { name: 'New row' });
  await form.getByLabel('Island').selectOption('Biscoe');
  await form.getByLabel('Beak Length (mm)').fill('47.5');
  await form.getByLabel('Beak Depth (mm)').fill('14.8');
  await form.getByLabel('Flipper Length (mm)').fill('222');
  await form.getByLabel('Body Mass (g)').fill('5300');
  await form.getByRole('button', { name: 'Predict' }).click();
  const predictions = page.getByRole('table', { name: 'Predictions' });
  await expect(predictions.locator('tbody tr').first()).toContainText('Gentoo');
  await expect(predictions).toContainText('Sex'); // left empty in the form, so filled in

  // Many rows at once from a CSV, with a probability per class.
  const rows = 'Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex\nTorgersen,38.6,21.2,191,3800,MALE\nDream,49.6,18.2,193,3775,MALE\n';
  await page.getByLabel('…or drop a CSV of new rows').setInputFiles({ name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
  await expect(predictions.locator('tbody tr')).toHaveCount(2);
  await expect(predictions.locator('tbody tr').nth(0)).toContainText('Adelie');
  await expect(predictions.locator('tbody tr').nth(1)).toContainText('Chinstrap');
  await expect(predictions.locator('thead')).toContainText('P(Gentoo)');

  // Export downloads the model as JSON; delete empties the list; importing the file brings it back.
  const saved = page.getByRole('list', { name: 'Saved models' }).getByRole('listitem');
  await expect(saved).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download'), saved.getByRole('button', { name: 'Export' }).click()]);
  const file = await download.path();
  await saved.getByRole('button', { name: 'Delete' }).click();
  await expect(saved).toHaveCount(0);
  await page.getByLabel('Import an exported model (.json)').setInputFiles(file);
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText(/accuracy 0\.9|accuracy 1\.0/);
});

test('the tables page shows bad files as a readable error, and HTML in cells as text', async ({ page }) => {
  await page.goto('/#/tabular');
  const drop = page.getByLabel('Drop a CSV here, or choose one');
  await drop.setInputFiles({ name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n') });
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'INVALID_INPUT');
  await expect(page.getByRole('alert')).toContainText('header.csv: There is nothing to learn from: it has a header row but no data rows.');

  const rows = ['name,note', ...Array.from({ length: 10 }, (_, i) => `n${i},${i % 2 ? '<img src=x onerror=pwned=1>' : '=1+1'}`)];
  await drop.setInputFiles({ name: 'risky.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  const note = page.getByRole('table', { name: 'Columns' }).locator('tr[data-column="note"]');
  await expect(note).toContainText('<img src=x onerror=pwned=1> (5)');
  await expect(note.locator('img')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Problems found' })).toContainText('start like a spreadsheet formula');
  expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();

  // Cancel while training: the page says so, and no model is saved.
  await drop.setInputFiles({ name: 'penguins.csv', mimeType: 'text/csv', buffer: PENGUINS });
  await page.getByLabel('Column to predict').selectOption('Species');
  await expect(page.getByText('task: multiclass')).toBeVisible();
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('figure', { name: 'Training progress' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'CANCELLED');
  await expect(page.getByRole('alert')).toContainText('cancelled');
  await expect(page.getByRole('list', { name: 'Saved models' }).getByRole('listitem')).toHaveCount(0);
});
