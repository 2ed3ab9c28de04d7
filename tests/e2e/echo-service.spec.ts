/**
 * "Adding a service is one folder plus one line": the app built with a test-only `echo` service
 * (tests/fixtures/echo-service/, added by one line in its services.ts) offers it in the SDK, on the
 * dashboard and on the Data page with no other edit. The product build (dist/) does not contain it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { TOOLKIT_PORT } from './hosts';

const PORT = TOOLKIT_PORT + 12;
const APP = `http://127.0.0.1:${PORT}`;
let dist: string;
let server: Server | undefined;

test.beforeAll(async () => {
  // A build of its own (about a minute on the 2-core machine), beside the product's dist/.
  test.setTimeout(300_000);
  dist = mkdtempSync(join(tmpdir(), 'inpage-echo-'));
  execFileSync('npx', ['vite', 'build', '-c', 'tests/fixtures/echo-service/vite.config.ts', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
  server = await startServer({ port: PORT, dist });
});

test.afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (dist) rmSync(dist, { recursive: true, force: true });
});

async function connectSdk(page: Page) {
  await page.goto(`${APP}/#/dashboard`);
  await page.evaluate(async () => {
    const sdk = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    (window as unknown as Record<string, unknown>).ai = await sdk.connect();
    (window as unknown as Record<string, unknown>).names = sdk.SERVICE_NAMES;
  });
}

test('the SDK offers the echo service: its method answers through a worker, its topic is published', async ({ page }) => {
  await connectSdk(page);
  const result = await page.evaluate(async () => {
    const { ai, names } = window as unknown as { ai: any; names: string[] };
    const heard = new Promise((resolve) => ai.subscribe('echo.said', resolve));
    const said = await ai.echo.say('hello, fifth service');
    const refused = await ai.echo.say(42).then(
      () => 'answered',
      (error: any) => error.code,
    );
    return { names, said, heard: await heard, refused, usage: (await ai.echo.usage()).database };
  });
  expect(result).toEqual({
    names: ['image', 'text', 'speech', 'tabular', 'echo'],
    said: 'hello, fifth service',
    heard: { text: 'hello, fifth service' },
    // Its contract's schema is checked at the bus edge like any service's.
    refused: 'INVALID_INPUT',
    usage: 'inpage-echo',
  });
});

test('the dashboard has a card for the echo service that counts its requests', async ({ page }) => {
  await connectSdk(page);
  const card = page.getByRole('article', { name: 'echo' });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Start echo' }).click();
  await expect(card.getByRole('status', { name: 'echo state' })).toContainText('ready');
  await page.evaluate(() => (window as unknown as { ai: any }).ai.echo.say('counted'));
  await expect(card.locator('dd[data-metric="requests"]')).toHaveText('1');
});

test('the Data page lists the echo service’s database', async ({ page }) => {
  await page.goto(`${APP}/#/data`);
  const echo = page.getByRole('article', { name: 'echo' });
  await echo.getByRole('button', { name: 'Start echo to see its data' }).click();
  await expect(echo.getByRole('table', { name: /echo database inpage-echo/ })).toBeVisible();
});

test('the product build has no echo service', async ({ page }) => {
  await page.goto('/#/dashboard');
  await expect(page.getByRole('article', { name: 'image' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'echo' })).toHaveCount(0);
});
