/**
 * Abuse suite, faults: a hub server that never finishes its page, a hub frame that goes away under an
 * element, and a deploy that bumps a store's schema while an old page still holds it open. Each must end
 * in a typed error or recover, never hang. Every case goes into the suite's tally.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { openSdk } from './fixtures';
import { html, startHost, TOOLKIT, TOOLKIT_PORT, type Host } from './hosts';
import { record } from './abuse/tally';

const SUITE = 'faults';
/** The hub's handshake limit (src/client/hub.ts) and some room for a loaded machine. */
const HANDSHAKE_LIMIT_MS = 30_000;

let partner: Host;
test.beforeAll(async () => {
  partner = await startHost(8, { '/': html('<title>Partner</title><h1>Partner</h1>') });
});
test.afterAll(async () => partner.close());

test('connect() to a hub whose server never finishes embed.html ends in TIMEOUT within the handshake limit', async ({ page }) => {
  test.setTimeout(HANDSHAKE_LIMIT_MS * 3);
  // Accepts the request, sends the start of a page, and holds the response open.
  const held: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.write('<!doctype html><title>InPage hub</title>');
  });
  await new Promise<void>((resolve) => held.listen(TOOLKIT_PORT + 9, '127.0.0.1', resolve));
  try {
    await page.goto(`${partner.origin}/`);
    const outcome = await page.evaluate(
      async ({ toolkit, hub, hangMs }) => {
        const sdk = await import(/* @vite-ignore */ `${toolkit}/inpage.js`);
        const started = performance.now();
        const attempt = sdk.connect({ hub }).then(
          () => ({ code: 'connected' }),
          (error: any) => ({ code: String(error.code), name: String(error.name) }),
        );
        const hang = new Promise<{ code: 'hang' }>((done) => setTimeout(() => done({ code: 'hang' }), hangMs));
        const settled = await Promise.race([attempt, hang]);
        return { ...settled, ms: performance.now() - started, frames: document.querySelectorAll('iframe[title="InPage hub"]').length };
      },
      { toolkit: TOOLKIT, hub: `http://127.0.0.1:${TOOLKIT_PORT + 9}/embed.html`, hangMs: HANDSHAKE_LIMIT_MS * 2 },
    );
    record({ suite: SUITE, name: 'hub response held open', outcome: outcome.code === 'hang' ? 'hang' : 'typed', code: outcome.code });
    expect(outcome).toMatchObject({ code: 'TIMEOUT', name: 'InPageError', frames: 0 });
    expect(outcome.ms).toBeLessThan(HANDSHAKE_LIMIT_MS + 5_000);
  } finally {
    held.closeAllConnections();
    await new Promise((resolve) => held.close(resolve));
  }
});

test('an element whose hub frame was removed answers its next call on a new hub', async ({ page, context }) => {
  await context.route(`${TOOLKIT}/embed.config.json`, (route) => route.fulfill({ json: { allowedOrigins: [partner.origin] } }));
  await page.goto(`${partner.origin}/`);
  const outcome = await page.evaluate(async (toolkit) => {
    await import(/* @vite-ignore */ `${toolkit}/inpage.js`);
    const element = document.createElement('inpage-sentiment') as HTMLElement & { analyse(text: string): Promise<{ label: string } | undefined> };
    const errors: string[] = [];
    element.addEventListener('inpage-error', (event) => errors.push((event as CustomEvent<{ code: string }>).detail.code));
    document.body.append(element);
    const first = await element.analyse('What a wonderful, helpful service.');
    document.querySelector('iframe[title="InPage hub"]')!.remove();
    // Long enough for the page to hear the hub's silence (HUB_SILENCE_MS and one heartbeat) and drop it.
    await new Promise((done) => setTimeout(done, 16_000));
    const second = await element.analyse('What a wonderful, helpful service.');
    return { first: first?.label, second: second?.label, errors, frames: document.querySelectorAll('iframe[title="InPage hub"]').length };
  }, TOOLKIT);
  record({ suite: SUITE, name: 'element after its hub frame was removed', outcome: outcome.second ? 'answered' : 'typed', code: outcome.errors[0] });
  expect(outcome).toEqual({ first: 'POSITIVE', second: 'POSITIVE', errors: [], frames: 1 });
});

test('a second page opening a higher version of a service database upgrades at once, and the first says why it stores nothing now', async ({ page, context }) => {
  await openSdk(page);
  // The tabular worker opens its database on start and holds it open.
  expect(await page.evaluate(() => window.ai.tabular.listModels().then((models: unknown[]) => models.length))).toBe(0);
  const newer = await context.newPage();
  await newer.goto('/embed.config.json');
  const upgrade = await newer.evaluate(
    (waitMs) =>
      new Promise<string>((done) => {
        const request = indexedDB.open('inpage-tabular', 2);
        request.onupgradeneeded = () => request.result.createObjectStore('added-in-version-2');
        request.onsuccess = () => {
          request.result.close();
          done('upgraded');
        };
        request.onerror = () => done(`error ${request.error?.name}`);
        setTimeout(() => done('blocked'), waitMs);
      }),
    15_000,
  );
  record({ suite: SUITE, name: 'schema upgrade beside an open page', outcome: upgrade === 'upgraded' ? 'answered' : 'hang' });
  expect(upgrade).toBe('upgraded');
  const after = await page.evaluate(async () => {
    const code = (work: Promise<unknown>) => work.then(() => 'answered', (error: any) => `${error.code}: ${error.message}`);
    return { list: await code(window.ai.tabular.listModels()), ping: await code(window.ai.ping('tabular')) };
  });
  record({ suite: SUITE, name: 'the older page after the upgrade', outcome: 'typed', code: after.list.split(':')[0] });
  expect(after.list).toMatch(/^STORAGE_UNAVAILABLE: A newer version of InPage .*Reload this page/);
  expect(after.ping).toBe('answered');
});
