/**
 * Abuse suite, partners and the person's data by design: two pages on one site reach the same hub (so
 * the same storage partition, whatever the browser does), one granted `storage` (the person's own
 * embedding) and one default partner. The partner's calls must leave the person's history and custom
 * models as they were and read nothing the person taught; a frame of another allowed origin nested in
 * the partner's page must not join that page's hub.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { HANDSHAKE, WIRE_VERSION } from '../../src/client/wire';
import { b64, fixture } from './fixtures';
import { html, startHost, TOOLKIT, type Host } from './hosts';
import { record } from './abuse/tally';

const SUITE = 'partner data';
const HUB = `${TOOLKIT}/embed.html`;
/** How many times the partner repeats each call. */
const REPEATS = 12;

let person: Host;
let partner: Host;
test.beforeAll(async () => {
  person = await startHost(3, { '/': html('<title>The person\'s own site</title>') });
  partner = await startHost(4, {
    '/': html('<title>Partner</title>'),
    '/with-widget': html(`<title>Partner with a widget</title><iframe src="http://127.0.0.1:${Number(new URL(TOOLKIT).port) + 3}/"></iframe>`),
  });
});
test.afterAll(async () => Promise.all([person.close(), partner.close()]));

async function allow(context: BrowserContext) {
  await context.route(`${TOOLKIT}/embed.config.json`, (route) =>
    route.fulfill({ json: { allowedOrigins: [{ origin: person.origin, capabilities: ['storage'] }, partner.origin] } }),
  );
}

async function connect(page: Page, url: string) {
  await page.goto(url);
  await page.evaluate(async (hub) => {
    const sdk = await import(/* @vite-ignore */ `${new URL(hub).origin}/inpage.js`);
    window.ai = await sdk.connect({ hub });
  }, HUB);
}

/** What the person keeps: their image history and their custom models with every class label. */
const kept = (page: Page) =>
  page.evaluate(async () => {
    const history = await window.ai.image.history({ limit: 1000 });
    const models = await window.ai.image.listModels();
    return { history: history.map((h: { id: number; label: string }) => `${h.id}:${h.label}`), models: JSON.stringify(models) };
  });

test("a default partner's calls leave the person's history and custom models alone and read nothing they taught", async ({ context }) => {
  test.setTimeout(300_000);
  await allow(context);
  const own = await context.newPage();
  await connect(own, `${person.origin}/`);
  const photo = b64(fixture('images/coffee.png'));
  await own.evaluate(async (data) => {
    const ai = window.ai;
    await ai.image.clearHistory();
    const image = () => new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
    await ai.image.classify(image(), { topK: 1 });
    await ai.image.teach('secret-model', 'my-passport', [image()]);
    await ai.image.teach('secret-model', 'my-diary-cover', [new ImageData(64, 64)]);
    // History is written just after the answer.
    for (let i = 0; i < 50 && (await ai.image.history()).length < 1; i += 1) await new Promise((done) => setTimeout(done, 100));
  }, photo);
  const before = await kept(own);
  expect(before.history).toHaveLength(1);

  const guest = await context.newPage();
  await connect(guest, `${partner.origin}/`);
  const outcomes = await guest.evaluate(
    async ({ data, repeats }) => {
      const ai = window.ai;
      const image = () => new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
      const settle = (work: Promise<unknown>) => work.then(() => 'answered', (error: any) => `${error.name} ${error.code}`);
      const results: Record<string, string[]> = { classify: [], detect: [], custom: [], unknownCustom: [], prepare: [] };
      for (let i = 0; i < repeats; i += 1) results.classify!.push(await settle(ai.image.classify(image(), { topK: 1 })));
      results.detect!.push(await settle(ai.image.detect(image())));
      results.custom!.push(await settle(ai.image.classify(image(), { model: 'custom:secret-model', topK: 1000 })));
      results.unknownCustom!.push(await settle(ai.image.classify(image(), { model: 'custom:no-such-model' })));
      results.prepare!.push(await settle(ai.image.prepare()));
      return { results };
    },
    { data: photo, repeats: REPEATS },
  );
  // Give any history write a partner's call might have set off the time to land.
  await own.waitForTimeout(1500);
  const after = await kept(own);
  const lost = before.history.filter((entry) => !after.history.includes(entry)).length + (after.models === before.models ? 0 : 1);
  const added = after.history.length - before.history.length;
  for (const [name, settled] of Object.entries(outcomes.results)) {
    for (const outcome of settled) record({ suite: SUITE, name: `partner ${name}`, outcome: outcome === 'answered' ? 'answered' : 'typed', ...(outcome === 'answered' ? {} : { code: outcome.split(' ')[1] }) });
  }
  record({ suite: SUITE, name: "the person's history and custom models", outcome: 'answered', lost: lost + Math.max(0, added) });
  expect(outcomes.results.classify).toEqual(Array(REPEATS).fill('answered'));
  expect(outcomes.results.detect).toEqual(['answered']);
  // The same answer for a model that exists and one that does not: nothing about the person's models leaks.
  expect(outcomes.results.custom).toEqual(['InPageError FORBIDDEN_ORIGIN']);
  expect(outcomes.results.unknownCustom).toEqual(['InPageError FORBIDDEN_ORIGIN']);
  expect(outcomes.results.prepare).toEqual(['InPageError FORBIDDEN_ORIGIN']);
  expect(after).toEqual(before);
});

test("a partner's own tabular model answers from every replica, and is not among the person's models", async ({ context }) => {
  test.setTimeout(240_000);
  // Admin (to scale) without storage: still a guest for the person's data.
  await context.route(`${TOOLKIT}/embed.config.json`, (route) =>
    route.fulfill({ json: { allowedOrigins: [{ origin: person.origin, capabilities: ['storage'] }, { origin: partner.origin, capabilities: ['admin'] }] } }),
  );
  const csv = fixture('tabular/penguins.csv').toString('utf8');
  const guest = await context.newPage();
  await connect(guest, `${partner.origin}/`);
  const outcome = await guest.evaluate(async (csv) => {
    const ai = window.ai;
    await ai.scale('tabular', 2);
    const ready = () => ai.status('tabular').replicas.filter((r: { state: string }) => r.state === 'ready').length;
    while (ready() < 2) await new Promise((done) => setTimeout(done, 200));
    const trained = await ai.tabular.train({ csv, target: 'Species', seed: 7, name: 'partner-penguins' });
    // At once, so the bus hands them to both replicas.
    const settled = await Promise.all(
      Array.from({ length: 6 }, () => ai.tabular.predict(trained.modelId, csv).then((rows: unknown[]) => `answered ${rows.length}`, (error: any) => `${error.code}: ${error.message}`)),
    );
    // Counted by each replica, reported with its next heartbeat.
    const counts = () => ai.status('tabular').replicas.map((r: { methods: Record<string, { count: number }> }) => r.methods.predict?.count ?? 0);
    for (let i = 0; i < 100 && counts().reduce((a: number, b: number) => a + b, 0) < 6; i += 1) await new Promise((done) => setTimeout(done, 200));
    const replicas = counts();
    return { settled, replicas };
  }, csv);
  const own = await context.newPage();
  await connect(own, `${person.origin}/`);
  const personModels = await own.evaluate(async () => (await window.ai.tabular.listModels()).map((m: { name: string }) => m.name));
  for (const settled of outcome.settled) record({ suite: SUITE, name: "partner predicts with its own model on two replicas", outcome: settled.startsWith('answered') ? 'answered' : 'typed', ...(settled.startsWith('answered') ? {} : { code: settled.split(':')[0] }) });
  const rows = csv.trim().split('\n').length - 1;
  expect(outcome.settled).toEqual(Array(6).fill(`answered ${rows}`));
  expect(outcome.replicas, 'predictions per replica').toHaveLength(2);
  expect(outcome.replicas.every((count: number) => count > 0), `predictions per replica: ${outcome.replicas}`).toBe(true);
  expect(personModels).not.toContain('partner-penguins');
});

test('a frame of another allowed origin nested in the partner page is refused by the hub that page opened', async ({ page, context }) => {
  await allow(context);
  await connect(page, `${partner.origin}/with-widget`);
  const widget = page.frames().find((frame) => frame.url().startsWith(person.origin))!;
  const answer = await widget.evaluate(
    ({ handshake, version, toolkit }) =>
      new Promise<string>((done) => {
        const hub = [...Array(window.parent.frames.length).keys()].map((i) => window.parent.frames[i]!).find((frame) => frame !== window);
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = ({ data }) => done(data.type === 'refused' ? `refused ${data.error.code}` : data.type);
        port1.start();
        hub!.postMessage({ type: handshake, version, options: {} }, toolkit, [port2]);
        setTimeout(() => done('no answer'), 10_000);
      }),
    { handshake: HANDSHAKE, version: WIRE_VERSION, toolkit: TOOLKIT },
  );
  record({ suite: SUITE, name: 'nested frame joining the page hub', outcome: answer.startsWith('refused') ? 'typed' : answer === 'no answer' ? 'hang' : 'answered', code: answer.split(' ')[1] });
  expect(answer).toBe('refused FORBIDDEN_ORIGIN');
});
