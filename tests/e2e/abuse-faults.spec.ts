/**
 * Abuse suite, faults: a hub server that never finishes its page, a hub frame that goes away under an
 * element, and a deploy that bumps a store's schema while an old page still holds it open. Each must end
 * in a typed error or recover, never hang. Every case goes into the suite's tally.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
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
