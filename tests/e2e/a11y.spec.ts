/** Keyboard and screen-reader use of the shell, and its fit on a phone. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { fixture } from './fixtures';

const PAGES = [
  { path: 'image', heading: 'Image classification' },
  { path: 'dashboard', heading: 'Dashboard' },
  { path: 'traces', heading: 'Traces' },
  { path: 'data', heading: 'Data' },
];

/** Tabs forward until `target` has focus, as a keyboard user would; fails if it takes more than `max` presses. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, max = 40) {
  for (let presses = 0; presses < max; presses += 1) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Opens a page with the image service running and used once, so its tables, charts and controls are all on screen. */
async function openWithService(page: Page, path: string, heading: string) {
  await page.goto('/#/image');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  await page.getByLabel('Drop an image here, or choose one').setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: fixture('images/coffee.png') });
  await expect(page.getByRole('list', { name: 'Predictions' })).toBeVisible();
  await page.goto(`/#/${path}`);
  await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeVisible();
  if (path === 'dashboard') await expect(page.locator('tr[data-replica]')).toHaveCount(1);
  if (path === 'data') await expect(page.locator('tr[data-store="history"]')).toBeVisible();
  if (path === 'traces') await expect(page.locator('tr[data-trace]').first()).toBeVisible();
}

for (const { path, heading } of PAGES) {
  test(`#/${path} has no WCAG A/AA violations (labels, names, contrast)`, async ({ page }) => {
    await openWithService(page, path, heading);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test('keyboard only: skip link, menu, start and scale a service, then classify a photo', async ({ page }) => {
  await page.goto('/#/image');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();

  const dashboard = page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Dashboard' });
  await tabTo(page, dashboard);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/dashboard$/);
  await expect(page.getByRole('main')).toBeFocused();
  await expect(page).toHaveTitle('Dashboard · InPage');

  const image = page.getByRole('article', { name: 'image' });
  // The image page started the service already; scale it with the keyboard.
  await tabTo(page, image.getByRole('button', { name: 'Add a image replica' }));
  await page.keyboard.press('Enter');
  await expect(image.locator('dd[data-metric="replicas"]')).toHaveText('2 / 2');
  await page.keyboard.press('Shift+Tab');
  await expect(image.getByRole('button', { name: 'Remove a image replica' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(image.locator('dd[data-metric="replicas"]')).toHaveText('1 / 1');

  await page.keyboard.press('Shift+Tab'); // back up to the menu through the page, in reverse
  const images = page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'Images' });
  await images.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/image$/);
  const picker = page.getByLabel('Drop an image here, or choose one');
  await tabTo(page, picker);
  // The file dialog itself is the browser's; what it hands back is set here.
  await picker.setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: fixture('images/coffee.png') });
  await expect(page.getByRole('list', { name: 'Predictions' }).getByRole('listitem').first()).toContainText('espresso');
});

test('an unknown address says so and links back', async ({ page }) => {
  await page.goto('/#/nowhere');
  await expect(page.getByRole('heading', { name: 'No page at “#/nowhere”' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Images' }).click();
  await expect(page.getByRole('heading', { name: 'Image classification' })).toBeVisible();
});

test.describe('at a phone’s width', () => {
  test.use({ viewport: { width: 360, height: 740 } });
  for (const { path, heading } of PAGES) {
    test(`#/${path} fits without sideways scrolling`, async ({ page }) => {
      await openWithService(page, path, heading);
      await page.screenshot({ path: test.info().outputPath(`${path}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
