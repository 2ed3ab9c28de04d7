/** Detection on the image page: boxes drawn over the photo, and the same objects as a keyboard-readable list. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { fixture } from './fixtures';

test('a dropped photo gets a labelled box around the cup, within the photo, and a list naming it', async ({ page }) => {
  await page.goto('/#/image');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  await page.getByLabel('Drop an image here, or choose one').setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: fixture('images/coffee.png') });
  await expect(page.getByRole('list', { name: 'Predictions' })).toBeVisible();
  await page.getByRole('button', { name: 'Detect objects' }).click();

  const list = page.getByRole('list', { name: 'Detected objects' });
  const cup = list.getByRole('listitem').filter({ hasText: /^cup \d+%/ }).first();
  await expect(cup).toBeVisible({ timeout: 60_000 });
  const score = Number(/^cup (\d+)%/.exec((await cup.textContent()) ?? '')![1]);
  expect(score).toBeGreaterThan(30);

  const photo = page.getByRole('img', { name: 'Your image: coffee.png' });
  const box = page.locator('[data-box="cup"]').first();
  await expect(box).toContainText(/cup \d+%/);
  const [photoRect, boxRect] = [(await photo.boundingBox())!, (await box.boundingBox())!];
  expect(boxRect.width).toBeGreaterThan(10);
  expect(boxRect.x).toBeGreaterThanOrEqual(photoRect.x - 1);
  expect(boxRect.y).toBeGreaterThanOrEqual(photoRect.y - 1);
  expect(boxRect.x + boxRect.width).toBeLessThanOrEqual(photoRect.x + photoRect.width + 1);
  expect(boxRect.y + boxRect.height).toBeLessThanOrEqual(photoRect.y + photoRect.height + 1);
  // The cup stands in the middle of coffee.png: so does its box on the displayed photo.
  const centre = boxRect.x + boxRect.width / 2 - photoRect.x;
  expect(centre).toBeGreaterThan(photoRect.width / 3);
  expect(centre).toBeLessThan((photoRect.width * 2) / 3);

  // Keyboard: each detection is a stop in the tab order, and focusing it marks its box.
  await cup.focus();
  await expect(cup).toBeFocused();
  await expect(page.locator('[data-box].active')).toHaveCount(1);
  await expect(page.locator('[data-box].active')).toContainText(/^cup /);

  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
