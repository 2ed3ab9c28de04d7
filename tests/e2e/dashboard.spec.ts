/** The dashboard as an operator uses it: numbers that move, scaling that serves, a crash drill that heals. */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fixture } from './fixtures';
import { cropPng, decodePng } from './images';

const card = (page: Page, service: string) => page.getByRole('article', { name: service });
const metric = (scope: Locator, name: string) => scope.locator(`dd[data-metric="${name}"]`);
const replicaRows = (scope: Locator) => scope.locator('tbody tr');

async function openDashboard(page: Page) {
  await page.goto('/#/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 2 })).toBeVisible();
}

/**
 * Classifies files on the image page, as a person would, and comes back to the dashboard.
 * Opening the image page also reads its list of custom models: one more request.
 */
async function classifyOnImagePage(page: Page, files: Array<{ name: string; buffer: Buffer }>) {
  await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'Images' }).click();
  const batch = page.getByLabel("Drop a folder's images here, or choose several");
  await batch.setInputFiles(files.map((f) => ({ ...f, mimeType: 'image/png' })));
  await expect(page.getByText(`${files.length} images classified`)).toBeVisible();
  await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Dashboard' }).click();
}

function photos(n: number) {
  const sources = ['chelsea', 'coffee', 'astronaut'].map((name) => decodePng(`${name}.png`));
  return Array.from({ length: n }, (_, i) => ({ name: `photo-${i}.png`, buffer: cropPng(sources[i % 3]!, 0.05 * (i % 4), 0.05 * (i % 3), 0.8, 0.8) }));
}

test('numbers move when requests are made, and the trace view lists them', async ({ page }) => {
  await openDashboard(page);
  const image = card(page, 'image');
  await expect(image.getByRole('status', { name: 'image state' })).toHaveText('idle');
  await image.getByRole('button', { name: 'Start image' }).click();
  await expect(image.getByRole('status', { name: 'image state' })).toHaveText('ready');
  await expect(metric(image, 'requests')).toHaveText('0');
  await expect(metric(image, 'p50')).toHaveText('–');
  await expect(image).toContainText('backend wasm');
  // Why: nothing is remembered on a fresh profile, so it answers on wasm at once and times the rest when idle.
  await expect(image.locator('[data-metric="backend-note"]')).toHaveText(/^wasm(: answering at once| chosen|: serving; timing)/);
  await expect(metric(image, 'load')).toHaveText(/\d+ ms|\d\.\d s/);
  await expect(metric(image, 'memory')).toHaveText(/[\d.]+ (kB|MB)/);

  await classifyOnImagePage(page, [{ name: 'coffee.png', buffer: fixture('images/coffee.png') }, { name: 'notes.png', buffer: Buffer.from('not a png') }]);
  await expect(metric(image, 'requests')).toHaveText('3');
  await expect(metric(image, 'errors')).toHaveText('1');
  await expect(metric(image, 'p50')).toHaveText(/\d+ ms|\d\.\d s/);
  // The chart's text alternative follows the bus's once-a-second samples.
  await expect(image.getByRole('img', { name: /Latency of image over the last \d+ seconds: now p50 \d+/ })).toBeVisible();

  await page.getByRole('link', { name: 'Traces' }).click();
  const rows = page.locator('table.traces tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'image.classify' })).toHaveCount(2);
  await expect(rows.filter({ hasText: 'image.listModels' })).toHaveCount(1);
  await page.getByLabel('Outcome').selectOption('error');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('UNSUPPORTED_FORMAT');
  // The filter is in the address: a deep link opens the same view.
  expect(page.url()).toContain('#/traces?outcome=error');
  await page.reload();
  await expect(page.getByLabel('Outcome')).toHaveValue('error');
});

test('scaling to two replicas: both serve; killing one shows the restart while the other stays ready', async ({ page }) => {
  await openDashboard(page);
  const image = card(page, 'image');
  await image.getByRole('button', { name: 'Start image' }).click();
  await expect(image.getByRole('status', { name: 'image state' })).toHaveText('ready');
  await image.getByRole('button', { name: 'Add a image replica' }).click();
  await expect(metric(image, 'replicas')).toHaveText('2 / 2');
  await expect(replicaRows(image).filter({ hasText: 'ready' })).toHaveCount(2);

  await classifyOnImagePage(page, photos(8));
  // Each replica's own report says it answered some of them.
  for (const row of await replicaRows(image).all()) await expect(row.locator('[data-metric="served"]')).not.toHaveText('0');
  await expect(metric(image, 'requests')).toHaveText('9');

  const before = await page.locator('article[data-service]:not([data-service="image"])').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-state')));
  const [victim, survivor] = await replicaRows(image).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-replica')!));
  await image.getByRole('button', { name: `Kill ${victim} (crash drill)` }).click();
  await expect(metric(image, 'restarts')).toHaveText('1');
  // A crash with nothing in flight: no request to try again, and no memory budget passed.
  await expect(metric(image, 'retried')).toHaveText('0');
  await expect(metric(image, 'recycled')).toHaveText('0');
  // The survivor keeps serving while the replacement starts, so the service never stops being ready.
  await expect(image.locator(`tr[data-replica="${survivor}"]`)).toContainText('ready');
  await expect(image.getByRole('status', { name: 'image state' })).toHaveText('ready');
  await expect(image.locator(`tr[data-replica="${victim}"]`)).toHaveCount(0);
  await expect(replicaRows(image).filter({ hasText: 'ready' })).toHaveCount(2);
  // Other services' cards (once more services are registered) are untouched by one service's crash.
  const after = await page.locator('article[data-service]:not([data-service="image"])').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-state')));
  expect(after).toEqual(before);
});

test('switching the backend replaces the replicas on the chosen one', async ({ page }) => {
  await openDashboard(page);
  const image = card(page, 'image');
  await image.getByRole('button', { name: 'Start image' }).click();
  await expect(image.getByRole('status', { name: 'image state' })).toHaveText('ready');
  await image.getByLabel('Backend').selectOption('cpu');
  await expect(image).toContainText('backend cpu');
  await expect(image.locator('[data-metric="backend-note"]')).toContainText('cpu: forced');
  await expect(replicaRows(image)).toHaveCount(1);
  await expect(replicaRows(image).first()).toContainText('cpu');
  await image.getByLabel('Backend').selectOption('');
  await expect(image).toContainText('backend wasm');
});
