/** connect({ hub }) from pages on other origins: the allowed one gets the app's answers, a stranger is refused. */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { callImage, fixture, openSdk } from './fixtures';
import { html, startHost, TOOLKIT, TOOLKIT_PORT, type Host } from './hosts';

interface Label {
  label: string;
  probability: number;
}

let allowed: Host;
let stranger: Host;
let isolated: Host;

test.beforeAll(async () => {
  allowed = await startHost(1, { '/': html('<title>Partner site</title><h1>Partner</h1>') });
  stranger = await startHost(2, { '/': html('<title>Stranger site</title><h1>Stranger</h1>') });
  // A partner that is itself cross-origin isolated: the hub must still load in it (COEP needs the hub's CORP).
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  isolated = await startHost(7, { '/': { ...html('<title>Isolated partner</title><h1>Isolated partner</h1>'), headers: isolation } });
});
test.afterAll(async () => Promise.all([allowed.close(), stranger.close(), isolated.close()]));

/** The hub's deployed allowlist, as its operator would write embed.config.json. */
async function allowOrigins(context: BrowserContext, origins: Array<string | { origin: string; capabilities: string[] }>) {
  await context.route(`${TOOLKIT}/embed.config.json`, (route) => route.fulfill({ json: { allowedOrigins: origins } }));
}

/** Loads the SDK from the toolkit into a page on another origin and connects through the hub. */
async function connectThroughHub(page: Page, origin: string) {
  await page.goto(`${origin}/`);
  return page.evaluate(async (toolkit) => {
    const sdk = await import(/* @vite-ignore */ `${toolkit}/inpage.js`);
    try {
      window.ai = await sdk.connect({ hub: `${toolkit}/embed.html` });
      return { ok: true as const };
    } catch (error: any) {
      return { ok: false as const, code: error.code, message: error.message, name: error.name };
    }
  }, TOOLKIT);
}

/** URLs the browser fetched for service workers or models, from any frame. */
function workerTraffic(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (/\/assets\/worker-[^/]+\.js$/.test(url) || url.includes('/models/')) seen.push(url);
  });
  return seen;
}

test('a page on an allowed origin classifies through the hub and gets the same labels as the app', async ({ page, context }) => {
  await openSdk(page);
  const reference = await callImage<Label[]>(page, 'classify', fixture('images/coffee.png'), 'image/png', { topK: 5 });
  if (!reference.ok) throw new Error(reference.message);

  await allowOrigins(context, [allowed.origin]);
  const traffic = workerTraffic(context);
  const partner = await context.newPage();
  expect(await connectThroughHub(partner, allowed.origin)).toEqual({ ok: true });
  const viaHub = await callImage<Label[]>(partner, 'classify', fixture('images/coffee.png'), 'image/png', { topK: 5 });
  if (!viaHub.ok) throw new Error(viaHub.message);

  expect(viaHub.value.map((p) => p.label)).toEqual(reference.value.map((p) => p.label));
  viaHub.value.forEach((p, i) => expect(p.probability).toBeCloseTo(reference.value[i]!.probability, 4));
  expect(viaHub.value[0]!.label).toBe('espresso');

  // The workers ran in the hub frame, on the toolkit's origin; the partner page holds one hidden iframe.
  expect(traffic.some((url) => url.startsWith(`${TOOLKIT}/assets/worker-`))).toBe(true);
  await expect(partner.locator('iframe[title="InPage hub"]')).toHaveCount(1);
  await expect(partner.locator('iframe[title="InPage hub"]')).toBeHidden();
  const services = await partner.evaluate(() => window.ai.services());
  expect(services.find((s: any) => s.name === 'image')).toMatchObject({ state: 'ready', replicas: 1 });
  // The hub's numbers and traces reach the page too.
  const seen = await partner.evaluate(async () => ({ metrics: await window.ai.metrics(), traces: window.ai.traces() }));
  expect(seen.metrics.image!.requests.count).toBe(1);
  expect(seen.traces).toMatchObject([{ service: 'image', method: 'classify', outcome: 'ok' }]);
  // The app is cross-origin isolated, so its replicas may use WASM threads (how many is the runtime's choice
  // per core count); the hub inside a plain partner page cannot be, so it runs single-threaded and says why.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const app = await page.evaluate(async () => (await window.ai.metrics()).image!.replicas[0]!);
  expect(app.threadsNote).toMatch(/^\d+ WASM threads? per replica \(cross-origin isolated/);
  expect(seen.metrics.image!.replicas[0]!).toMatchObject({ threads: 1, threadsNote: expect.stringContaining('not cross-origin isolated') });
});

test('a cross-origin isolated partner page embeds the hub too, and lends it isolation (threads on demand)', async ({ context }) => {
  await allowOrigins(context, [isolated.origin]);
  const partner = await context.newPage();
  expect(await connectThroughHub(partner, isolated.origin)).toEqual({ ok: true });
  expect(await partner.evaluate(() => crossOriginIsolated)).toBe(true);
  const viaHub = await callImage<Label[]>(partner, 'classify', fixture('images/coffee.png'), 'image/png', { topK: 5 });
  if (!viaHub.ok) throw new Error(viaHub.message);
  expect(viaHub.value[0]!.label).toBe('espresso');
  const replica = await partner.evaluate(async () => (await window.ai.metrics()).image!.replicas[0]!);
  expect(replica.threadsNote).toMatch(/^\d+ WASM threads? per replica \(cross-origin isolated/);
});

test('threads forced through the hub-less SDK run the threaded WASM and give the same labels', async ({ page }) => {
  await openSdk(page, '?threads=2');
  const labels = await callImage<Label[]>(page, 'classify', fixture('images/coffee.png'), 'image/png', { topK: 1 });
  expect(labels.ok && labels.value[0]!.label).toBe('espresso');
  const replica = await page.evaluate(async () => (await window.ai.metrics()).image!.replicas[0]!);
  expect(replica).toMatchObject({ threads: 2, threadsNote: '2 WASM threads (forced)' });
});

test('errors, progress and cancellation cross the hub as they do on the page; large inputs are moved, not copied', async ({ page, context }) => {
  await allowOrigins(context, [allowed.origin]);
  expect(await connectThroughHub(page, allowed.origin)).toEqual({ ok: true });
  // Model download and start-up progress happens in the hub; the page hears it as bus events.
  await page.evaluate(() => {
    const progress: string[] = ((window as any).progress = []);
    window.ai.on('progress', ({ service, progress: p }: any) => progress.push(`${service}:${p.phase}`));
  });

  const broken = await callImage(page, 'classify', 'this is not an image', 'image/png');
  expect(broken).toMatchObject({ ok: false, service: 'image' });
  expect(['UNSUPPORTED_FORMAT', 'INVALID_INPUT']).toContain(!broken.ok && broken.code);

  const outcome = await page.evaluate(async () => {
    const ai = window.ai;
    const pixels = new ImageData(224, 224);
    for (let i = 0; i < pixels.data.length; i += 4) pixels.data.set([200, 120, 40, 255], i);
    const bitmap = await createImageBitmap(pixels);
    const labels = await ai.image.classify(bitmap, { topK: 1 });
    // Transferred to the hub: the page's bitmap is detached (zero-sized), not duplicated.
    const detached = bitmap.width === 0 && bitmap.height === 0;

    const controller = new AbortController();
    const pending = ai.image.classify(new ImageData(224, 224), { signal: controller.signal });
    controller.abort();
    const cancelled = await pending.then(
      () => 'finished',
      (error: any) => error.code,
    );
    const notAnImage = await ai.image.classify(42 as never).catch((error: any) => `${error.name} ${error.code}`);
    return { labels: labels.length, detached, cancelled, notAnImage, traces: ai.traces().length, progress: (window as any).progress as string[] };
  });
  expect(outcome).toMatchObject({ labels: 1, detached: true, cancelled: 'CANCELLED', notAnImage: 'InPageError INVALID_INPUT' });
  expect(outcome.traces).toBeGreaterThanOrEqual(3);
  expect(outcome.progress).toContain('image:download');
});

test('every registered service answers through the hub, not only images', async ({ page, context }) => {
  await allowOrigins(context, [allowed.origin]);
  expect(await connectThroughHub(page, allowed.origin)).toEqual({ ok: true });
  const csv = fixture('tabular/penguins.csv').toString('utf8');
  const profile = await page.evaluate(async (csv) => {
    const ai = window.ai;
    const names = (await ai.services()).map((s: any) => s.name);
    const result = await ai.tabular.profile(new Blob([csv], { type: 'text/csv' }), { target: 'Species' });
    return { names, rows: result.rows, columns: result.columns.map((c: any) => c.name) };
  }, csv);
  expect(profile.names).toEqual(expect.arrayContaining(['image', 'tabular']));
  expect(profile.rows).toBe(csv.trim().split('\n').length - 1);
  expect(profile.columns).toContain('Species');
});

test('a page on an origin the hub does not list is refused with FORBIDDEN_ORIGIN, and no worker starts', async ({ page, context }) => {
  // The shipped embed.config.json lists no other origin.
  const traffic = workerTraffic(context);
  const refused = await connectThroughHub(page, stranger.origin);
  expect(refused).toMatchObject({ ok: false, name: 'InPageError', code: 'FORBIDDEN_ORIGIN' });
  expect(refused.ok || refused.message).toContain(stranger.origin);
  expect(refused.ok || refused.message).toContain('embed.config.json');
  // The refused page keeps no iframe, and nothing was loaded for a service.
  await expect(page.locator('iframe')).toHaveCount(0);
  expect(traffic).toEqual([]);
});

test('a partner granted "storage" exports and clears the data a default partner may not touch', async ({ page, context }) => {
  await allowOrigins(context, [{ origin: allowed.origin, capabilities: ['storage'] }]);
  expect(await connectThroughHub(page, allowed.origin)).toEqual({ ok: true });
  const outcome = await page.evaluate(async () => {
    const ai = window.ai;
    await ai.text.index([{ id: 'kept', text: 'The parcel arrived two weeks late.' }]);
    const file: File = await ai.text.exportData();
    const exported = JSON.parse(await file.text());
    const usage = await ai.text.clearData();
    return { name: file.name, service: exported.service, documents: (await ai.text.listDocuments()).total, usage: usage.service };
  });
  expect(outcome).toMatchObject({ service: 'text', documents: 0, usage: 'text' });
  expect(outcome.name).toMatch(/\.json$/);
});

test('a hub frame removed mid-request fails the call and an admin call with HUB_UNAVAILABLE, and the next connect() opens a new hub', async ({ page, context }) => {
  await allowOrigins(context, [{ origin: allowed.origin, capabilities: ['admin'] }]);
  expect(await connectThroughHub(page, allowed.origin)).toEqual({ ok: true });
  const outcome = await page.evaluate(async (hub) => {
    const ai = window.ai;
    const settle = (work: Promise<unknown>) => work.then(() => 'answered', (error: any) => `${error.name} ${error.code}`);
    // Start both, then take the hub away before either can answer.
    const call = settle(ai.tabular.train({ csv: new Blob(['a,b\n1,x\n2,y\n'], { type: 'text/csv' }), target: 'b' }));
    const admin = settle(ai.scale('text', 2));
    document.querySelector('iframe[title="InPage hub"]')!.remove();
    const [callOutcome, adminOutcome] = await Promise.all([call, admin]);
    const later = await settle(ai.text.read('still there?'));
    // The dead bus is gone from the page's cache: a new connect() builds a new hub frame and works.
    const sdk = await import(/* @vite-ignore */ `${new URL(hub).origin}/inpage.js`);
    const again = await sdk.connect({ hub });
    const texts = await again.text.read(['one', 'two']);
    return { callOutcome, adminOutcome, later, texts, frames: document.querySelectorAll('iframe[title="InPage hub"]').length };
  }, `${TOOLKIT}/embed.html`);
  expect(outcome).toEqual({
    callOutcome: 'InPageError HUB_UNAVAILABLE',
    adminOutcome: 'InPageError HUB_UNAVAILABLE',
    later: 'InPageError HUB_UNAVAILABLE',
    texts: ['one', 'two'],
    frames: 1,
  });
});

test('across sites, where the browser refuses the hub storage, it keeps serving from memory and says so', async ({ page, context }) => {
  // localhost and 127.0.0.1 are different sites: the hub frame is third-party, and this Chromium refuses its IndexedDB.
  const partner = await startHost(3, { '/': html('<title>Other site</title><h1>Other site</h1>') });
  try {
    const origin = `http://localhost:${TOOLKIT_PORT + 3}`;
    await allowOrigins(context, [{ origin, capabilities: ['storage'] }]);
    expect(await connectThroughHub(page, origin)).toEqual({ ok: true });
    const viaHub = await callImage<Label[]>(page, 'classify', fixture('images/coffee.png'), 'image/png', { topK: 3 });
    if (!viaHub.ok) throw new Error(viaHub.message);
    expect(viaHub.value[0]!.label).toBe('espresso');
    const outcome = await page.evaluate(async () => {
      const ai = window.ai;
      const code = (work: Promise<unknown>) => work.then(() => 'answered', (error: any) => error.code);
      const second = await ai.image.classify(new ImageData(64, 64), { topK: 1 });
      return {
        second: second.length,
        exportData: await code(ai.image.exportData()),
        history: await code(ai.image.history()),
        notice: (await ai.services()).find((s) => s.name === 'image')!.notice as string | undefined,
        storage: ai.status('image').storage,
      };
    });
    expect(outcome).toMatchObject({ second: 1, exportData: 'STORAGE_UNAVAILABLE', history: 'STORAGE_UNAVAILABLE', storage: { persistent: false } });
    expect(outcome.notice).toContain('Models are held in memory for this visit');
    expect(outcome.notice).toContain('denied permission');
  } finally {
    await partner.close();
  }
});

test('across sites without storage, an element classifies and shows the notice, once as an inpage-notice event', async ({ page, context }) => {
  const widget = html(`
    <title>Other site with a widget</title>
    <script type="module" src="${TOOLKIT}/inpage.js"></script>
    <script>
      window.notices = [];
      window.results = 0;
      document.addEventListener('inpage-notice', (event) => window.notices.push(event.detail));
      document.addEventListener('inpage-result', () => (window.results += 1));
    </script>
    <inpage-image-classifier id="widget" top-k="1"></inpage-image-classifier>`);
  const partner = await startHost(4, { '/': widget, '/chelsea.png': { type: 'image/png', body: fixture('images/chelsea.png') } });
  try {
    const origin = `http://localhost:${TOOLKIT_PORT + 4}`;
    await allowOrigins(context, [origin]);
    await page.goto(`${origin}/`);
    const element = page.locator('#widget');
    await element.evaluate((node) => node.setAttribute('src', '/chelsea.png'));
    await expect(element.getByRole('listitem')).toHaveCount(1);
    await expect(element.getByRole('listitem').first()).toContainText(/cat/);
    await expect(element.getByRole('status')).toContainText('Models are held in memory for this visit');
    await element.evaluate((node) => node.setAttribute('src', '/chelsea.png?again'));
    await expect.poll(() => page.evaluate(() => (window as any).results)).toBe(2);
    const notices = await page.evaluate(() => (window as any).notices);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ service: 'image' });
  } finally {
    await partner.close();
  }
});
