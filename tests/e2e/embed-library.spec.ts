/** The npm library in an outside app: examples/hello, built by scripts/build-example.mjs from the `npm pack` tarball. */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { expectEveryCapability } from './capabilities';
import { fixture } from './fixtures';
import { TOOLKIT_PORT } from './hosts';

const DIST = resolve(import.meta.dirname, '../../examples/hello/dist');
let server: Server;
let origin: string;

test.beforeAll(async () => {
  expect(existsSync(DIST), 'build the example first: node scripts/build-example.mjs (npm test does)').toBe(true);
  // The example app on its own origin, with no model mirror: only what the package gave its build.
  server = await startServer({ port: TOOLKIT_PORT + 3, dist: DIST, mirror: [] });
  origin = `http://127.0.0.1:${TOOLKIT_PORT + 3}`;
});
test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('the example app built against the packed library classifies with the SDK and with the custom element', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(`${origin}/`);

  await page.getByLabel('Classify an image').setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: fixture('images/coffee.png') });
  await expect(page.locator('#answer')).toContainText(/^espresso \(\d+\.\d%\)$/);

  const element = page.locator('inpage-image-classifier');
  await element.locator('input[type=file]').setInputFiles({ name: 'chelsea.png', mimeType: 'image/png', buffer: fixture('images/chelsea.png') });
  await expect(element.getByRole('listitem')).toHaveCount(2);
  await expect(element.getByRole('listitem').first()).toContainText(/cat/);

  // The worker came out of the package into the app's own assets, and the SDK and the element share it.
  expect(workers).toHaveLength(1);
  expect(workers[0]).toMatch(new RegExp(`^${origin}/assets/worker-[\\w-]+\\.js$`));
});

test('the example app answers every capability with only the models the package brought', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'ai' in window);
  await expectEveryCapability(page);
});
