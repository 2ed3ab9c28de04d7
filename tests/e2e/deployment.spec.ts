/**
 * A deployment is whole: dist/, copied to an empty folder and served by the production server with no
 * model folder beside it, answers every capability with the models the build carries.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { expectEveryCapability } from './capabilities';
import { openSdk } from './fixtures';
import { TOOLKIT_PORT } from './hosts';

const PORT = TOOLKIT_PORT + 13;
let server: Server;
let folder: string;

test.beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'inpage-deployment-'));
  cpSync(resolve(import.meta.dirname, '../../dist'), join(folder, 'dist'), { recursive: true });
  // No model mirror beside it: only what dist/ carries.
  server = await startServer({ port: PORT, dist: join(folder, 'dist'), mirror: [] });
});

test.afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(folder, { recursive: true, force: true });
});

test('dist/ served alone answers every capability with a real model', async ({ page }) => {
  test.setTimeout(600_000);
  const modelFiles: string[] = [];
  page.on('response', (response) => response.ok() && response.url().includes('/models/') && modelFiles.push(new URL(response.url()).pathname));
  await openSdk(page, '', `http://127.0.0.1:${PORT}`);
  await expectEveryCapability(page);
  // Every model file came out of the build's own assets, none from a mirror at /models/.
  expect(modelFiles.length).toBeGreaterThan(0);
  expect(modelFiles.filter((path) => !path.startsWith('/assets/models/'))).toEqual([]);
});

test("no chunk imports a service worker's entry file, which WebKit would run a second time", () => {
  const assets = resolve(import.meta.dirname, '../../dist/assets');
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
  const entries = scripts.filter((name) => name.startsWith('worker-'));
  expect(entries).toHaveLength(4);
  const importers = scripts.filter((name) => entries.some((entry) => readFileSync(join(assets, name), 'utf8').includes(`"./${entry}"`)));
  expect(importers).toEqual([]);
});
