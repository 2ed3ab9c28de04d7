/**
 * Abuse suite, faults: a hub server that never finishes its page, a hub frame that goes away under an
 * element, a deploy that bumps a store's schema while an old page still holds it open, a replica killed
 * under a request, and a replica that passes its memory budget. Each must end in a typed error or recover,
 * never hang. Every case goes into the suite's tally.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { fixture, openSdk } from './fixtures';
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
        const request = indexedDB.open('inpage-tabular', 3);
        request.onupgradeneeded = () => request.result.createObjectStore('added-in-version-3');
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

test('with two image replicas, a classify whose replica is killed mid-request is answered by the other; a teach gets SERVICE_CRASHED', async ({ page }) => {
  test.setTimeout(240_000);
  await openSdk(page);
  const outcome = await page.evaluate(async (data) => {
    const ai = window.ai;
    const blob = () => new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const settle = (work: Promise<unknown>) =>
      work.then(
        (value) => ({ value, code: 'answered' }),
        (error: any) => ({ value: undefined, code: error?.name === 'InPageError' ? String(error.code) : `untyped ${error}` }),
      );
    const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
    const bothReady = async () => {
      while (ai.status('image').replicas.filter((r) => r.state === 'ready' && !r.retiring).length < 2) await new Promise((r) => setTimeout(r, 200));
    };
    // The replica holding the call, from the bus's own numbers, as soon as it is handed over.
    const holder = async () => {
      for (let i = 0; i < 10_000; i += 1) {
        const id = ai.status('image').replicas.find((r) => r.inFlight > 0)?.id;
        if (id) return id;
        await pause();
      }
      return undefined;
    };
    await ai.scale('image', 2);
    await bothReady();
    const classify = settle(ai.image.classify(blob()));
    const killedUnderClassify = await holder();
    ai.kill('image', killedUnderClassify!);
    const classified = await classify;
    const answeredBy = ai.traces().filter((t) => t.method === 'classify').at(-1)?.replica;
    await bothReady();
    const teach = settle(ai.image.teach('drill', 'coffee', [blob()]));
    const killedUnderTeach = await holder();
    ai.kill('image', killedUnderTeach!);
    const taught = await teach;
    const { retried, restarts } = ai.status('image');
    return {
      killedUnderClassify,
      answeredBy,
      classify: classified.code,
      label: (classified.value as { label: string }[] | undefined)?.[0]?.label,
      killedUnderTeach,
      teach: taught.code,
      retried,
      restarts,
    };
  }, fixture('images/coffee.png').toString('base64'));
  console.log(`idempotent retry: ${JSON.stringify(outcome)}`);
  record(
    { suite: SUITE, name: 'idempotent call on a killed replica', outcome: outcome.classify === 'answered' ? 'answered' : outcome.classify.startsWith('untyped') ? 'untyped' : 'typed', ...(outcome.classify === 'answered' ? {} : { code: outcome.classify }) },
    { suite: SUITE, name: 'non-idempotent call on a killed replica', outcome: outcome.teach === 'answered' ? 'answered' : outcome.teach.startsWith('untyped') ? 'untyped' : 'typed', ...(outcome.teach === 'answered' ? {} : { code: outcome.teach }) },
  );
  expect(outcome.killedUnderClassify).toBeTruthy();
  // The real model's answer, from a replica other than the one killed.
  expect(outcome).toMatchObject({ classify: 'answered', label: 'espresso', teach: 'SERVICE_CRASHED', retried: 1, restarts: 2 });
  expect(outcome.answeredBy).not.toBe(outcome.killedUnderClassify);
});

test('an image replica past its memory budget is replaced after answering its work; no call is lost and the next answers on the new replica', async ({ page }) => {
  test.setTimeout(240_000);
  await openSdk(page);
  const outcome = await page.evaluate(async (data) => {
    // A budget any loaded model passes: the first replica is recycled once it has answered.
    const ai = await window.sdk.connect({ memoryBudgets: { image: 1 } });
    const blob = () => new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const labelOf = (work: Promise<{ label: string }[]>) => work.then((labels) => labels[0]!.label, (error: any) => `${error?.code ?? error}`);
    const firstLabel = await labelOf(ai.image.classify(blob()));
    const first = ai.traces().at(-1)!.replica!;
    // The moment the bus retires it, and what it still holds then.
    let heldAtRetire: number | undefined;
    const off = ai.on('status', (status) => {
      const replica = status.name === 'image' ? status.replicas.find((r) => r.id === first) : undefined;
      if (replica?.retiring && heldAtRetire === undefined) heldAtRetire = replica.inFlight;
    });
    // Four calls outstanding at all times, so the replica is working when its memory is read.
    const labels: Promise<string>[] = [];
    const gone = () => !ai.status('image').replicas.some((r) => r.id === first);
    const lane = async () => {
      while (!gone() && labels.length < 200) {
        const call = labelOf(ai.image.classify(blob()));
        labels.push(call);
        await call;
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    off();
    const answered = await Promise.all(labels);
    const byFirst = ai.traces().filter((t) => t.method === 'classify' && t.replica === first).length;
    const nextLabel = await labelOf(ai.image.classify(blob()));
    const next = ai.traces().at(-1)!.replica;
    const metrics = (await ai.metrics()).image!;
    const status = ai.status('image');
    ai.close();
    return { firstLabel, first, heldAtRetire, calls: answered.length, notEspresso: answered.filter((l) => l !== 'espresso'), byFirst, nextLabel, next, restarts: metrics.restarts, recycled: status.recycled };
  }, fixture('images/coffee.png').toString('base64'));
  console.log(`memory budget: ${JSON.stringify(outcome)}`);
  record(
    { suite: SUITE, name: 'calls while a replica is recycled for memory', outcome: outcome.notEspresso.length ? 'typed' : 'answered', ...(outcome.notEspresso.length ? { code: outcome.notEspresso[0] } : {}), lost: outcome.notEspresso.length },
    { suite: SUITE, name: 'call after a memory recycle', outcome: outcome.nextLabel === 'espresso' ? 'answered' : 'typed' },
  );
  expect(outcome.firstLabel).toBe('espresso');
  // Retired while it held work, and that work was answered: every call, none lost.
  expect(outcome.heldAtRetire).toBeGreaterThan(0);
  expect(outcome.notEspresso).toEqual([]);
  expect(outcome.calls).toBeLessThan(200);
  expect(outcome.nextLabel).toBe('espresso');
  expect(outcome.next).not.toBe(outcome.first);
  expect(outcome.restarts).toBeGreaterThanOrEqual(1);
  expect(outcome.recycled).toBeGreaterThanOrEqual(1);
});

test('an image replica restarted right after answering writes that answer to the history before it stops', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const outcome = await page.evaluate(async (data) => {
    const ai = window.ai;
    const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const [answer] = await ai.image.classify(blob);
    // At once: the history is written only once a replica is idle, which this one never gets to be.
    ai.restart('image');
    const history = await ai.image.history();
    return { label: answer!.label, history: history.map((h) => h.label), restarts: ai.status('image').restarts };
  }, fixture('images/coffee.png').toString('base64'));
  record({ suite: SUITE, name: 'history of an answer just before a restart', outcome: 'answered', lost: outcome.history.includes(outcome.label) ? 0 : 1 });
  expect(outcome.label).toBe('espresso');
  expect(outcome.history).toEqual(['espresso']);
  expect(outcome.restarts).toBe(0);
});
