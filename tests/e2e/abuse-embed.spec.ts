/**
 * Abuse suite, hostile embedders: a sandboxed frame on an allowed page, a page the hub does not list, and a
 * listed partner without grants that speaks the hub's wire directly and calls every method that reads or
 * changes stored data, and every admin operation. Each must end in a typed error, none may hang, the
 * person's data (stored by the app on the same site, so in the hub's storage partition) must survive, and
 * no hostile string may run as script. Prints one summary line.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { imageContract } from '../../workers/image/contract';
import { speechContract } from '../../workers/speech/contract';
import { tabularContract } from '../../workers/tabular/contract';
import { textContract } from '../../workers/text/contract';
import { WIRE_VERSION } from '../../src/client/wire';
import { openSdk } from './fixtures';
import { html, startHost, TOOLKIT, type Host } from './hosts';
import { record as tally } from './abuse/tally';

/** A case that has not settled in this long counts as a hang (the hub answers refusals at once). */
const HANG_MS = 30_000;
const HUB = `${TOOLKIT}/embed.html`;
const PAYLOAD = '<img src=x onerror="window.__inpagePwned=(window.__inpagePwned||0)+1">';

/** Every method a contract marks as needing stored data, per service (storage methods included). */
const STORAGE_METHODS = Object.fromEntries(
  [imageContract, textContract, speechContract, tabularContract].map((contract) => [
    contract.name,
    Object.entries(contract.methods as Record<string, { needs?: string }>)
      .filter(([, spec]) => spec.needs === 'storage')
      .map(([method]) => method),
  ]),
);

/** This file's own count (its assertions read it), and each case in the suite's shared tally (abuse/tally.ts). */
const SUITE = 'hostile embedder';
const summary = { cases: 0, typedErrors: 0, hangs: 0, dataLost: 0, scriptsRun: 0 };
function record(outcome: { code?: string; hung?: boolean }, expected: string): void {
  summary.cases += 1;
  if (outcome.hung) summary.hangs += 1;
  else if (outcome.code === expected) summary.typedErrors += 1;
  const settled = outcome.hung ? 'hang' : outcome.code ? 'typed' : 'answered';
  tally({ suite: SUITE, name: `case ${summary.cases} (expects ${expected})`, outcome: settled, ...(outcome.code ? { code: outcome.code } : {}) });
}

let partner: Host;
let stranger: Host;

test.beforeAll(async () => {
  partner = await startHost(5, {
    '/': html('<title>Partner</title><h1>Partner</h1>'),
    '/framed': html('<title>Framed</title><p>third-party widget</p>'),
    '/with-sandbox': html('<title>Partner with a sandboxed widget</title><iframe sandbox="allow-scripts" src="/framed"></iframe>'),
  });
  stranger = await startHost(6, { '/': html('<title>Stranger</title>') });
});
test.afterAll(async () => {
  await Promise.all([partner.close(), stranger.close()]);
  tally({ suite: SUITE, name: "the person's data and the pages", outcome: 'answered', lost: summary.dataLost, scripts: summary.scriptsRun });
  console.log(
    `abuse-embed summary: cases tried ${summary.cases}, typed errors ${summary.typedErrors}, hangs ${summary.hangs}, ` +
      `data lost ${summary.dataLost}, scripts run ${summary.scriptsRun}`,
  );
});

/** The operator's allowlist, with a typo that normalises to "null" (what a sandboxed frame reports). */
async function deployConfig(context: BrowserContext) {
  await context.route(`${TOOLKIT}/embed.config.json`, (route) => route.fulfill({ json: { allowedOrigins: [partner.origin, 'localhost:5173', 'file:///'] } }));
}

/** connect({ hub }) from whatever frame `target` is; the error's code comes back, or 'connected'. */
async function tryConnect(target: Page | ReturnType<Page['mainFrame']>) {
  return target.evaluate(
    async ({ hub, hangMs }) => {
      const sdk = await import(/* @vite-ignore */ `${new URL(hub).origin}/inpage.js`);
      const attempt = sdk.connect({ hub, modelBase: `${new URL(hub).origin}/models/` }).then(
        () => ({ code: 'connected' }),
        (error: any) => ({ code: error.code as string, name: error.name as string }),
      );
      return Promise.race([attempt, new Promise<{ hung: true }>((done) => setTimeout(() => done({ hung: true }), hangMs))]);
    },
    { hub: HUB, hangMs: HANG_MS },
  );
}

function workerTraffic(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (request) => /\/assets\/worker-[^/]+\.js$/.test(request.url()) && seen.push(request.url()));
  return seen;
}

test('a sandboxed frame on an allowed page is refused with FORBIDDEN_ORIGIN, even where a config typo reads as "null"', async ({ page, context }) => {
  await deployConfig(context);
  await page.goto(`${partner.origin}/with-sandbox`);
  const framed = page.frames().find((frame) => frame.url().endsWith('/framed'));
  if (!framed) throw new Error('the sandboxed frame did not load');
  expect(await framed.evaluate(() => origin)).toBe('null');

  // Through the SDK: refused at once, before any frame or worker starts.
  const traffic = workerTraffic(context);
  const own = await tryConnect(framed);
  record(own, 'FORBIDDEN_ORIGIN');
  expect(own).toMatchObject({ code: 'FORBIDDEN_ORIGIN', name: 'InPageError' });
  expect(traffic).toEqual([]);

  // The real attack: the partner page has a hub frame; the sandboxed widget hands it a port of its own.
  expect(await tryConnect(page)).toEqual({ code: 'connected' });
  const handshake = await framed.evaluate(
    async ({ hub, version, hangMs }) => {
      const { port1, port2 } = new MessageChannel();
      const reply = new Promise<any>((done) => (port1.onmessage = ({ data }) => done(data)));
      // The partner's frames: this widget, then the hub frame the partner's connect() added.
      const target = Array.from({ length: parent.frames.length }, (_, i) => parent.frames[i]!).find((w) => w !== window);
      if (!target) return { code: 'no hub frame' };
      target.postMessage({ type: 'inpage:connect', version, options: {} }, new URL(hub).origin, [port2]);
      const answer = await Promise.race([reply, new Promise((done) => setTimeout(() => done({ type: 'hung' }), hangMs))]);
      return answer.type === 'refused' ? { code: answer.error.code, message: answer.error.message } : answer.type === 'hung' ? { hung: true } : { code: answer.type };
    },
    { hub: HUB, version: WIRE_VERSION, hangMs: HANG_MS },
  );
  record(handshake, 'FORBIDDEN_ORIGIN');
  expect(handshake).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
  expect((handshake as { message?: string }).message).toContain('from null');
});

test('a page on an origin the hub does not list is refused with FORBIDDEN_ORIGIN', async ({ page, context }) => {
  await deployConfig(context);
  await page.goto(`${stranger.origin}/`);
  const outcome = await tryConnect(page);
  record(outcome, 'FORBIDDEN_ORIGIN');
  expect(outcome).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
});

test('a default partner speaking the wire directly gets FORBIDDEN_ORIGIN for every storage method and admin operation; the data survives', async ({ page, context }) => {
  // The dangerous ones must stay marked: a contract edit that drops a mark fails here, not in production.
  expect(STORAGE_METHODS.text).toEqual(expect.arrayContaining(['exportData', 'importData', 'clearData', 'forgetModel', 'listDocuments', 'search']));
  expect(STORAGE_METHODS.image).toEqual(expect.arrayContaining(['history', 'exportModel', 'importModel', 'deleteModel']));
  expect(STORAGE_METHODS.speech).toEqual(expect.arrayContaining(['exportModel', 'importModel', 'history']));
  expect(STORAGE_METHODS.tabular).toEqual(expect.arrayContaining(['exportModel', 'importModel', 'deleteModel']));

  // The person's own data, stored by the app on the toolkit's origin: the same site as the partner.
  await openSdk(page);
  await page.evaluate(() => window.ai.text.index([{ id: 'mine', text: 'My order number is 4411 and it is late.' }]));
  const before = await page.evaluate(() => window.ai.text.listDocuments());
  expect(before.total).toBe(1);
  await page.evaluate(() => window.ai.close());

  await deployConfig(context);
  const hostile = await context.newPage();
  await hostile.goto(`${partner.origin}/`);
  const calls = [
    ...Object.entries(STORAGE_METHODS).flatMap(([service, methods]) => methods.map((method) => ({ type: 'call', service, method }))),
    ...['scale', 'kill', 'restart', 'setBackend'].map((op) => ({ type: 'admin', op, service: 'text', arg: op === 'scale' ? 8 : 'r1' })),
  ];
  const outcomes = await hostile.evaluate(
    async ({ hub, version, calls, hangMs, payload }) => {
      const frame = document.createElement('iframe');
      frame.src = hub;
      frame.hidden = true;
      const loaded = new Promise((done) => frame.addEventListener('load', done, { once: true }));
      document.body.append(frame);
      await loaded;
      const { port1, port2 } = new MessageChannel();
      const answers = new Map<number, (data: any) => void>();
      const ready = new Promise<any>((done) => {
        port1.onmessage = ({ data }) => (data.type === 'result' ? answers.get(data.id)?.(data) : data.type === 'ready' || data.type === 'refused' ? done(data) : undefined);
      });
      frame.contentWindow!.postMessage({ type: 'inpage:connect', version, options: {} }, new URL(hub).origin, [port2]);
      if ((await ready).type !== 'ready') return [{ what: 'handshake', code: 'refused' }];
      let id = 0;
      const send = (message: Record<string, unknown>) =>
        new Promise<{ what: string; code?: string; hung?: boolean; message?: string }>((done) => {
          id += 1;
          const what = String(message.method ?? message.op);
          const timer = setTimeout(() => done({ what, hung: true }), hangMs);
          answers.set(id, (data) => {
            clearTimeout(timer);
            done({ what, code: data.ok ? 'answered' : data.error.code, message: data.ok ? undefined : data.error.message });
          });
          port1.postMessage({ payload: { file: new Blob(['{}']), id: 'x', model: 'x', word: 'x' }, ...message, id, progress: false });
        });
      const results = await Promise.all(calls.map(send));
      // Hostile names: a typed refusal, never markup that runs.
      const strange = await send({ type: 'call', service: payload, method: payload });
      const alive = await send({ type: 'call', service: 'text', method: 'read', payload: { text: 'still serving' } });
      return [...results, strange, { ...alive, what: 'alive' }];
    },
    { hub: HUB, version: WIRE_VERSION, calls, hangMs: HANG_MS, payload: PAYLOAD },
  );
  expect(outcomes.length).toBe(calls.length + 2);
  for (const outcome of outcomes.slice(0, calls.length)) {
    record(outcome, 'FORBIDDEN_ORIGIN');
    expect(outcome, outcome.what).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
  }
  const strange = outcomes[calls.length]!;
  record(strange, 'INVALID_INPUT');
  expect(strange.code).toBe('INVALID_INPUT');
  // After all of it, the hub still answers a service method.
  expect(outcomes.at(-1)).toMatchObject({ what: 'alive', code: 'answered' });

  // The SDK's own call, as a partner's code would make it.
  const viaSdk = await hostile.evaluate(async (hub) => {
    const sdk = await import(/* @vite-ignore */ `${new URL(hub).origin}/inpage.js`);
    const ai = await sdk.connect({ hub });
    return ai.text.exportData().then(
      () => 'exported',
      (error: any) => error.code,
    );
  }, HUB);
  record({ code: viaSdk }, 'FORBIDDEN_ORIGIN');
  expect(viaSdk).toBe('FORBIDDEN_ORIGIN');

  const app = await context.newPage();
  await openSdk(app);
  const after = await app.evaluate(() => window.ai.text.listDocuments());
  summary.dataLost += Math.max(0, before.total - after.total);
  expect(after.documents.map((d: any) => d.id)).toEqual(['mine']);
  for (const target of [hostile, app]) summary.scriptsRun += await target.evaluate(() => (window as any).__inpagePwned ?? 0);
  expect(summary.scriptsRun).toBe(0);
  expect(summary.hangs).toBe(0);
});
