import { expect, test, type Page } from '@playwright/test';
import { fixture } from './fixtures';

const PICKER = 'Drop an image here, or choose one';

async function dropFile(page: Page, name: string, bytes: Buffer, type: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data, type }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type }));
      return transfer;
    },
    { name, data: bytes.toString('base64'), type },
  );
  // The classifier's own drop target (the page also has ones for examples and for batches).
  const target = page.getByTestId('dropzone').filter({ hasText: PICKER });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('backend wasm');
});

test('dropping a photo shows it with its top-5 labels as bars', async ({ page }) => {
  await dropFile(page, 'coffee.png', fixture('images/coffee.png'), 'image/png');
  const predictions = page.getByRole('list', { name: 'Predictions' });
  await expect(predictions.getByRole('listitem')).toHaveCount(5);
  await expect(predictions.getByRole('listitem').first()).toContainText('espresso');
  await expect(predictions.getByRole('listitem').first()).toContainText(/9\d\.\d%/);
  await expect(page.getByRole('img', { name: 'Your image: coffee.png' })).toBeVisible();
});

test('choosing a file with the keyboard works the same way', async ({ page }) => {
  const picker = page.getByLabel(PICKER);
  // Past the menu's links to the picker, as a keyboard user would.
  for (let presses = 0; presses < 40 && !(await picker.evaluate((el) => el === document.activeElement)); presses += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(picker).toBeFocused();
  await picker.setInputFiles({ name: 'chelsea.png', mimeType: 'image/png', buffer: fixture('images/chelsea.png') });
  await expect(page.getByRole('list', { name: 'Predictions' })).toContainText(/Egyptian cat|tabby|tiger cat/);
});

test('a damaged file gets a clear message, and the next photo still works', async ({ page }) => {
  const png = fixture('images/coffee.png');
  await page.getByLabel(PICKER).setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: png.subarray(0, 5000) });
  await expect(page.getByRole('alert')).toContainText('broken.png: The PNG file is truncated');
  await page.getByLabel(PICKER).setInputFiles({ name: 'notes.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(page.getByRole('alert')).toContainText('SVG images are not accepted');
  await dropFile(page, 'coffee.png', png, 'image/png');
  await expect(page.getByRole('list', { name: 'Predictions' })).toContainText('espresso');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
