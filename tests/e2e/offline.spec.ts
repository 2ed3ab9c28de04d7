/**
 * The installed, offline app, against its own server on a port of its own: the test stops that server
 * (and takes the browser offline) to prove the app and its services run from what the device stored.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';
import { LIBRIVOX } from '../fixtures/librivox.mjs';
import { fixture, openSdk } from './fixtures';

const BASE_PORT = Number(process.env.INPAGE_TEST_PORT ?? 4317);
const servers = new Set<Server>();

async function serve(port: number, dist?: string): Promise<{ origin: string; stop(): Promise<void> }> {
  const server = await startServer({ port, dist });
  servers.add(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        servers.delete(server);
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

test.afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
  servers.clear();
});

/** Waits until the service worker controls the page and has cached the app. */
async function appStored(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect(page.locator('.app-cache')).toHaveAttribute('data-shell-cached', 'true');
}

/** Puts a file in the image page's picker, as a person choosing it would. */
async function classify(page: Page, name: string) {
  await page.getByLabel('Drop an image here, or choose one').setInputFiles({ name, mimeType: 'image/png', buffer: fixture(`images/${name}`) });
}

/** Calls ai.image[method] with a PNG through /inpage.js on the page; labels back, or `CODE: message`. */
/** The speech service's top word for a WAV file, through the SDK (decoded on the page, recognised in the worker). */
async function spokenWord(page: Page, wav: Buffer): Promise<string> {
  return page.evaluate(async (data) => {
    const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    const ai = await connect();
    try {
      const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
      const [top]: { label: string }[] = await ai.speech.recognize(blob);
      return top?.label ?? '(nothing)';
    } catch (error: any) {
      return `${error.code}: ${error.message}`;
    } finally {
      ai.close();
    }
  }, wav.toString('base64'));
}

/** The speech service's transcript of a WAV file, through the SDK, and the model that made it. */
async function transcribed(page: Page, wav: Buffer): Promise<string> {
  return page.evaluate(async (data) => {
    const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    const ai = await connect();
    try {
      const { text, model } = await ai.speech.transcribe(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' }));
      return `${model}: ${text}`;
    } catch (error: any) {
      return `${error.code}: ${error.message}`;
    } finally {
      ai.close();
    }
  }, wav.toString('base64'));
}

async function sdk(page: Page, method: 'classify' | 'detect', png: Buffer): Promise<string> {
  return page.evaluate(
    async ({ method, data }) => {
      const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
      const ai = await connect();
      try {
        const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' });
        const found: { label: string }[] = await ai.image[method](blob);
        return found.map((f) => f.label).join(', ');
      } catch (error: any) {
        return `${error.code}: ${error.message}`;
      } finally {
        ai.close();
      }
    },
    { method, data: png.toString('base64') },
  );
}

/** Trains the tables service on the penguins fixture through /inpage.js; held-out accuracy, or `CODE: message`. */
async function trainPenguins(page: Page): Promise<number | string> {
  return page.evaluate(async (csv) => {
    const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    const ai = await connect();
    try {
      return (await ai.tabular.train({ csv, target: 'Species', seed: 7 })).metrics.accuracy as number;
    } catch (error: any) {
      return `${error.code}: ${error.message}`;
    } finally {
      ai.close();
    }
  }, fixture('tabular/penguins.csv').toString('utf8'));
}

const EMAILS = (JSON.parse(fixture('text/spam-ham-sample.json').toString('utf8')) as { text: string; label: string }[]).slice(0, 12);

/** The project's own spam detector on a dozen SpamAssassin emails through /inpage.js: top labels and scores. */
async function spam(page: Page): Promise<string[] | string> {
  const answer = await page.evaluate(async (texts) => {
    const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    const ai = await connect();
    try {
      const results: { labels: { label: string; score: number }[] }[] = await ai.text.classify(texts, { model: 'spam-detector' });
      return results.map((r) => `${r.labels[0]!.label} ${r.labels[0]!.score.toFixed(4)}`);
    } catch (error: any) {
      return `${error.code}: ${error.message}`;
    } finally {
      ai.close();
    }
  }, EMAILS.map((e) => e.text));
  if (typeof answer === 'string') throw new Error(answer);
  // Mostly right, as the model is (0.85 held out).
  expect(answer.filter((a, i) => a.startsWith(EMAILS[i]!.label + ' ')).length).toBeGreaterThanOrEqual(9);
  return answer;
}

/** The sentiment label of one text through /inpage.js, or `CODE: message`. */
async function sentiment(page: Page, text: string): Promise<string> {
  return page.evaluate(async (text) => {
    const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    const ai = await connect();
    try {
      return ((await ai.text.sentiment(text)) as { label: string }[])[0]!.label;
    } catch (error: any) {
      return `${error.code}: ${error.message}`;
    } finally {
      ai.close();
    }
  }, text);
}

const card = (page: Page, service: string) => page.locator(`.service-offline[data-service="${service}"]`);

test('first visit online, make available offline, then with no network and no server the app and its services work', async ({ page, context }) => {
  const server = await serve(BASE_PORT + 1);
  await page.goto(`${server.origin}/#/offline`);
  await appStored(page);
  await expect(card(page, 'image').locator('.ready')).toHaveText('Needs the network');

  // Every state the overall progress bar shows, however briefly (a local download is quick).
  await page.evaluate(() => {
    const seen: [number, number][] = ((window as any).progressSeen = []);
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="All models download"]');
      if (bar) seen.push([bar.value, bar.max]);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole('button', { name: 'Make every service available offline' }).click();
  await expect(card(page, 'image').locator('.ready')).toHaveText('Offline ready');
  await expect(card(page, 'tabular').locator('.ready')).toHaveText('Offline ready');
  // The service worker's answers keep the app cross-origin isolated, so its workers keep WASM threads offline.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(card(page, 'text').locator('[data-model="spam-detector"]')).toHaveAttribute('data-cached', 'true');
  await expect(card(page, 'speech').locator('[data-model="speech-commands-inpage-18w"]')).toHaveAttribute('data-cached', 'true');
  // Transcription: Whisper's hub is unreachable here, PocketSphinx's en-us model comes from the mirror.
  await expect(card(page, 'speech').locator('[data-model="pocketsphinx-en-us"]')).toHaveAttribute('data-cached', 'true');
  await expect(card(page, 'speech').locator('.ready')).toHaveText('Offline ready');
  await expect(page.getByRole('progressbar', { name: 'All models download' })).toBeHidden();
  // Text is offline ready with the models the project ships (its own sentiment head, USE lite) where the hub's are out of reach.
  await expect(card(page, 'text').locator('.ready')).toHaveText('Offline ready');
  const seen: [number, number][] = await page.evaluate(() => (window as any).progressSeen);
  // Bytes over the total of what was missing, rising through the image detector (4.2 MB) at least.
  expect(seen.length).toBeGreaterThan(1);
  for (const [i, [value, max]] of seen.entries()) {
    expect(value).toBeLessThanOrEqual(max);
    expect(value).toBeGreaterThanOrEqual(seen[i - 1]?.[0] ?? 0);
  }
  expect(seen.at(-1)![0]).toBeGreaterThanOrEqual(4_231_963);
  await expect(card(page, 'image').locator('[data-model="centernet-mobilenetv3-coco"]')).toContainText('4.2 MB');
  await expect(card(page, 'image').locator('[data-model="centernet-mobilenetv3-coco"]')).toHaveAttribute('data-cached', 'true');
  const spamOnline = await spam(page);

  await context.setOffline(true);
  await server.stop();
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Offline' }).first()).toBeVisible();
  await expect(card(page, 'image').locator('.ready')).toHaveText('Offline ready');
  await expect(card(page, 'tabular').locator('.ready')).toHaveText('Offline ready');
  await expect(card(page, 'speech').locator('.ready')).toHaveText('Offline ready');

  await page.screenshot({ path: test.info().outputPath('offline-page.png'), fullPage: true });
  await page.getByRole('link', { name: 'Images' }).click();
  await classify(page, 'coffee.png');
  const predictions = page.getByRole('list', { name: 'Predictions' });
  await expect(predictions.getByRole('listitem').first()).toContainText('espresso');

  // Detection too, through the SDK any page of the origin can load (precached like the app).
  const labels = await sdk(page, 'detect', fixture('images/astronaut.png'));
  expect(labels).toContain('person');
  // The tables service trains in the tab, offline as online.
  expect(await trainPenguins(page)).toBeGreaterThanOrEqual(0.9);
  // The text service's own spam model gives exactly the answers it gave online, and sentiment answers offline.
  expect(await spam(page)).toEqual(spamOnline);
  expect(await sentiment(page, 'Wonderful service, thank you so much!')).toBe('POSITIVE');
  // A voice command from a file, on the speech service's own command model.
  expect(await spokenWord(page, fixture('audio/go.wav'))).toBe('go');
  // And a real recording transcribed, from the model the device stored.
  expect(await transcribed(page, readFileSync(LIBRIVOX.find((r) => r.id === '0930')!.path))).toMatch(/^pocketsphinx-en-us: he might even have been made/);
});

test('offline, a model never downloaded fails with MODEL_UNAVAILABLE saying how to fix it; the rest keeps working', async ({ page, context }) => {
  const server = await serve(BASE_PORT + 2);
  // The Offline page starts the image service, which stores its classifier; the detector is never fetched.
  await page.goto(`${server.origin}/#/offline`);
  await appStored(page);
  await expect(card(page, 'image').locator('[data-model="centernet-mobilenetv3-coco"]')).toHaveAttribute('data-cached', 'false');

  await context.setOffline(true);
  await server.stop();
  await page.reload();

  const detect = await sdk(page, 'detect', fixture('images/astronaut.png'));
  expect(detect).toMatch(/^MODEL_UNAVAILABLE: The model "CenterNet MobileNetV3 \(COCO, 80 classes\)" could not be downloaded and is not stored on this device\./);
  expect(detect).toContain('Connect to the network once');
  // The same service's other model, stored, still answers, and the other services are unaffected.
  expect(await sdk(page, 'classify', fixture('images/coffee.png'))).toMatch(/^espresso/);
  expect(await trainPenguins(page)).toBeGreaterThanOrEqual(0.9);

  // On the Offline page, making it available offline now says why it cannot.
  await card(page, 'image').getByRole('button', { name: 'Make available offline' }).click();
  await expect(card(page, 'image').getByRole('alert')).toHaveAttribute('data-code', 'MODEL_UNAVAILABLE');
  await expect(card(page, 'image').getByRole('alert')).toContainText('CenterNet MobileNetV3');
  await expect(card(page, 'image').locator('.ready')).toHaveText('Needs the network');
});

test('a model source that accepts the connection and then goes silent fails with MODEL_UNAVAILABLE, not a hang', async ({ page }) => {
  // A dead proxy or captive network: headers, then nothing, forever.
  const silent = createServer((req, res) => {
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
    // Its lock says it mirrors MobileNet v2, so the worker asks it for the model's files.
    if (req.url?.endsWith('/models.lock.json')) return void res.end(JSON.stringify({ 'mobilenet-v2-1.0-224': { source: 'test', files: { 'model.json': { sha256: '0'.repeat(64) } } } }));
    res.flushHeaders();
  });
  servers.add(silent);
  await new Promise<void>((done) => silent.listen(BASE_PORT + 5, '127.0.0.1', done));
  // MobileNet v2 is not shipped: only the mirror (here the silent server) can have it.
  await openSdk(page, '?model=mobilenet-v2-1.0-224');
  const answer = await page.evaluate(async (modelBase) => {
    const ai = await window.sdk.connect({ modelBase });
    try {
      await ai.image.offlineModels();
      return 'started';
    } catch (error: any) {
      return `${error.code}: ${error.message}`;
    } finally {
      ai.close();
    }
  }, `http://127.0.0.1:${BASE_PORT + 5}/models/`);
  expect(answer).toMatch(/^MODEL_UNAVAILABLE: The model "MobileNet v2 .*" could not be downloaded/);
  expect(answer).toContain('model.json: no data for 30 s');
});

test('a new build deployed while a tab is open: the update prompt, then the new version with every service’s data kept', async ({ page }) => {
  test.setTimeout(300_000);
  const port = BASE_PORT + 3;
  let server = await serve(port);
  await page.goto(`${server.origin}/#/image`);
  await classify(page, 'coffee.png');
  await expect(page.getByRole('list', { name: 'Predictions' }).getByRole('listitem').first()).toContainText('espresso');
  await page.getByRole('link', { name: 'Offline' }).click();
  await appStored(page);
  const before = await page.getByTestId('build').textContent();
  const history = () =>
    page.evaluate(async () => {
      const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
      const ai = await connect();
      const entries: { label: string }[] = await ai.image.history();
      ai.close();
      return entries.map((e) => e.label);
    });
  await expect.poll(history).toEqual(['espresso']);
  expect(await trainPenguins(page)).toBeGreaterThanOrEqual(0.9);
  const trained = () =>
    page.evaluate(async () => {
      const { connect } = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
      const ai = await connect();
      const models: { target: string }[] = await ai.tabular.listModels();
      ai.close();
      return models.map((m) => m.target);
    });
  expect(await trained()).toEqual(['Species']);

  // Deploy: a real second build, served from the same address.
  const next = mkdtempSync(join(tmpdir(), 'inpage-next-'));
  try {
    execFileSync('npx', ['vite', 'build', '--outDir', next, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, INPAGE_BUILD_ID: 'next-build' },
      stdio: 'pipe',
    });
    await server.stop();
    server = await serve(port, next);

    await page.getByRole('button', { name: 'Check for updates' }).click();
    const prompt = page.getByRole('alertdialog', { name: 'A new version of InPage is ready.' });
    await expect(prompt).toBeVisible();
    // Until accepted, this tab keeps running the version it loaded.
    await expect(page.getByTestId('build')).toHaveText(before!);
    await prompt.getByRole('button', { name: 'Reload and update' }).click();

    await expect(page.getByTestId('build')).toHaveText('next-build');
    await expect(prompt).toBeHidden();
    expect(await history()).toEqual(['espresso']);
    expect(await trained()).toEqual(['Species']);
    await expect(card(page, 'image').locator('[data-model="mobilenet-v1-0.75-224"]')).toHaveAttribute('data-cached', 'true');
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
});

test('a first visit stores the app only after its first answer, and leaves out ONNX Runtime’s WebGPU build', async ({ page }) => {
  const server = await serve(BASE_PORT + 6);
  await page.goto(`${server.origin}/#/image`);
  await expect(page.getByLabel('Drop an image here, or choose one')).toBeVisible();
  const registered = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) !== undefined);
  // Nothing registered yet: the precache of every service's code would compete with the answer.
  expect(await registered()).toBe(false);
  await classify(page, 'coffee.png');
  await expect(page.getByRole('list', { name: 'Predictions' }).getByRole('listitem').first()).toContainText('espresso');
  // Still nothing while the answer's work settles; then it registers, and is active once its install filled the precache.
  expect(await registered()).toBe(false);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const stored = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  expect(stored.filter((path) => /\/assets\/worker-[^/]+\.js$/.test(path)).length).toBeGreaterThan(0);
  expect(stored.filter((path) => path.endsWith('.wasm')).length).toBeGreaterThan(0);
  expect(stored.filter((path) => /\.(?:asyncify|jspi|jsep)-/.test(path))).toEqual([]);
});

test('the manifest passes Chromium’s installability checks', async () => {
  // A persistent profile: Chromium never offers installation in an incognito context (Playwright's default).
  const profile = mkdtempSync(join(tmpdir(), 'inpage-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const server = await serve(BASE_PORT + 4);
    const page = context.pages()[0] ?? (await context.newPage());
    // The Offline page registers the service worker at once (elsewhere it waits for a first answer).
    await page.goto(`${server.origin}/#/offline`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { url, errors, data } = await cdp.send('Page.getAppManifest');
    expect(url).toBe(`${server.origin}/manifest.webmanifest`);
    expect(errors).toEqual([]);
    const manifest = JSON.parse(data!);
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/#/image', theme_color: '#2156d9' });
    expect(manifest.icons.map((i: { purpose: string; sizes: string }) => `${i.purpose} ${i.sizes}`)).toEqual(
      expect.arrayContaining(['any 192x192', 'any 512x512', 'maskable 512x512']),
    );
    expect(manifest.shortcuts.map((s: { url: string }) => s.url)).toContain('/#/image');
    // The icons are real PNGs of the sizes the manifest claims.
    for (const icon of manifest.icons as { src: string; sizes: string }[]) {
      const size = await page.evaluate(async (src) => {
        const bitmap = await createImageBitmap(await (await fetch(src)).blob());
        return `${bitmap.width}x${bitmap.height}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
