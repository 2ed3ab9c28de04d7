/** The storage methods every service answers, on the real image service in Chromium's IndexedDB. */
import { expect, test, type Page } from '@playwright/test';
import { callImage, fixture, manifest, openSdk } from './fixtures';
import type { InPage } from '../../src/client';

const DETECTOR = 'centernet-mobilenetv3-coco';
/** The default classifier's files as its manifest lists them. */
const CLASSIFIER = 'mobilenet-v1-0.75-224';
const FAST_CLASSIFIER = 'mobilenet-v1-0.25-224';
const classifier = manifest(CLASSIFIER);
const CLASSIFIER_BYTES = classifier.files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);
/** The default classifier as ONNX, for ONNX Runtime (workers/image/runtime-choice.ts). */
const CONVERSION = `${CLASSIFIER}-onnx`;
const CONVERSION_BYTES = manifest(CONVERSION).files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);

type Answer = { ok: true; value: any } | { ok: false; code: string; message: string };

/** Calls `ai.image[method](...args)` on the page; errors come back as data. */
function image(page: Page, method: keyof InPage['image'], ...args: unknown[]): Promise<Answer> {
  return page.evaluate(
    async ({ method, args }) => {
      try {
        return { ok: true as const, value: await (window.ai.image[method] as (...args: unknown[]) => Promise<unknown>)(...args) };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message };
      }
    },
    { method, args },
  );
}

async function value(page: Page, method: keyof InPage['image'], ...args: unknown[]) {
  const answer = await image(page, method, ...args);
  if (!answer.ok) throw new Error(`${method}: ${answer.code} ${answer.message}`);
  return answer.value;
}

test.beforeEach(async ({ page }) => openSdk(page));

test('make available offline downloads the missing default models with byte progress; a model can be removed', async ({ page }) => {
  // On a forced backend, so the background timing does not fetch the ONNX conversion meanwhile.
  await openSdk(page, '?backend=wasm');
  // Starting the service stores the classifier it loads; the detector is fetched on first use only, and the
  // classifier's ONNX conversion when ONNX Runtime is timed.
  const before = await value(page, 'offlineModels');
  const byId = (report: any, id: string) => report.models.find((m: any) => m.id === id);
  expect(byId(before, CLASSIFIER)).toMatchObject({ cached: true, default: true, group: 'mobilenet-v2-1.0-224' });
  expect(byId(before, CLASSIFIER).bytes).toBe(CLASSIFIER_BYTES);
  expect(byId(before, DETECTOR)).toMatchObject({ cached: false, bytes: 201_673 + 4_030_290 });
  expect(before.ready).toBe(false);
  expect(byId(before, CONVERSION)).toMatchObject({ cached: false, default: true, bytes: CONVERSION_BYTES });

  const { report, events } = await page.evaluate(async () => {
    const events: { loaded: number; total: number }[] = [];
    const report = await window.ai.image.prepare({ onProgress: (p: any) => events.push({ loaded: p.loaded, total: p.total }) });
    return { report, events };
  });
  expect(report.ready).toBe(true);
  expect(byId(report, DETECTOR)).toMatchObject({ cached: true, bytes: 4_231_963 });
  // MobileNet v2 (hub only, unreachable here) is not needed: v1 stands in for it.
  expect(byId(report, 'mobilenet-v2-1.0-224').cached).toBe(false);
  expect(events.length).toBeGreaterThan(2);
  expect(byId(report, CONVERSION)).toMatchObject({ cached: true });
  expect(events.at(-1)).toEqual({ loaded: 4_231_963 + CONVERSION_BYTES, total: 4_231_963 + CONVERSION_BYTES });
  for (const [i, e] of events.entries()) expect(e.loaded).toBeGreaterThanOrEqual(events[i - 1]?.loaded ?? 0);

  const usage = await value(page, 'usage');
  expect(usage.stores.find((s: any) => s.name === 'models')).toEqual({ name: 'models', records: 3, bytes: CLASSIFIER_BYTES + 4_231_963 + CONVERSION_BYTES });
  expect(usage.database).toBe('inpage-image');
  expect(usage.origin.usage).toBeGreaterThan(6_000_000);

  const after = await value(page, 'forgetModel', DETECTOR);
  expect(byId(after, DETECTOR).cached).toBe(false);
  expect(after.ready).toBe(false);
  // Detection still works: it downloads the model again.
  const detected = await callImage<{ label: string }[]>(page, 'detect', fixture('images/astronaut.png'), 'image/png');
  expect(detected.ok && detected.value.some((d) => d.label === 'person')).toBe(true);
  expect((await value(page, 'offlineModels')).ready).toBe(true);
});

test('export, clear and import bring the history back exactly, and it survives a reload', async ({ page }) => {
  for (const name of ['coffee.png', 'chelsea.png']) {
    const answer = await callImage(page, 'classify', fixture(`images/${name}`), 'image/png');
    expect(answer.ok).toBe(true);
  }
  const history = () =>
    page.evaluate(async () =>
      ((await window.ai.image.history()) as any[]).map((h) => ({ id: h.id, label: h.label, thumb: h.thumbnail?.size, type: h.thumbnail?.type })),
    );
  await expect.poll(history).toHaveLength(2);
  const original = await history();
  expect(original[1]!.label).toBe('espresso');
  expect(original[0]!.thumb).toBeGreaterThan(100);

  const exported = await page.evaluate(async () => {
    const file: File = await window.ai.image.exportData();
    (window as any).exported = file;
    const json = JSON.parse(await file.text());
    return { name: file.name, type: file.type, stores: Object.keys(json.stores), service: json.service };
  });
  expect(exported.name).toMatch(/^inpage-image-\d{4}-\d\d-\d\d\.json$/);
  expect(exported).toMatchObject({ type: 'application/json', service: 'image' });
  // The model cache and the device's settings (its measured backend) stay out of an export; the custom
  // classes (store `custom`) go with it.
  expect(exported.stores.sort()).toEqual(['custom', 'history']);

  const cleared = await value(page, 'clearData');
  expect(cleared.stores.find((s: any) => s.name === 'history').records).toBe(0);
  expect(await history()).toEqual([]);
  // Clearing data keeps the models.
  expect((await value(page, 'offlineModels')).models.find((m: any) => m.id === CLASSIFIER).cached).toBe(true);

  const imported = await page.evaluate(() => window.ai.image.importData((window as any).exported));
  expect(imported.records.history).toBe(2);
  expect(await history()).toEqual(original);

  // A file that is not an export is refused and the data is untouched.
  const bad = await page.evaluate(async () => {
    try {
      await window.ai.image.importData(new File(['id,label\n1,cat\n'], 'history.csv'));
      return 'imported';
    } catch (error: any) {
      return `${error.code}: ${error.message}`;
    }
  });
  expect(bad).toBe('INVALID_INPUT: This file cannot be imported into the image service: it is not JSON, so not an InPage export.');

  await openSdk(page);
  expect(await history()).toEqual(original);
});

test('a model write refused for quota reports QUOTA_EXCEEDED and keeps what was stored', async ({ page }) => {
  // The fast classifier, so a small quota holds it and not the detector.
  await openSdk(page, `?model=${FAST_CLASSIFIER}`);
  // Chromium applies a quota override to storage opened after it: set it before the service starts.
  // Chromium counts a model write at about twice its bytes: 5 MB takes the 2 MB classifier, not the 4 MB detector.
  const origin = new URL(page.url()).origin;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 5_000_000 });
  expect((await value(page, 'offlineModels')).models.find((m: any) => m.id === FAST_CLASSIFIER).cached).toBe(true);

  const answer = await image(page, 'prepare');
  expect(answer.ok).toBe(false);
  if (answer.ok) return;
  expect(answer.code).toBe('QUOTA_EXCEEDED');
  expect(answer.message).toContain('the model "CenterNet MobileNetV3 (COCO, 80 classes)" was not saved; what was stored before is unchanged');

  const report = await value(page, 'offlineModels');
  expect(report.models.find((m: any) => m.id === FAST_CLASSIFIER).cached).toBe(true);
  expect(report.models.find((m: any) => m.id === DETECTOR).cached).toBe(false);
  // The service is still up and still classifies.
  const coffee = await callImage<{ label: string }[]>(page, 'classify', fixture('images/coffee.png'), 'image/png');
  expect(coffee.ok && coffee.value[0]!.label).toBe('espresso');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
});
