/**
 * Custom classes, taught through the shell as a person would. The only photos at hand are the three
 * fixtures, so the examples are honest stand-ins: crops and a mirror image of chelsea.png (a cat) and
 * coffee.png (an espresso cup) teach two classes; the test images are a centre crop and the whole
 * photo, neither of which was among the examples.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fixture, openSdk } from './fixtures';
import { cropPng, decodePng, mirrorPng } from './images';

const EXAMPLES = 'Drop example images for this class, or choose them';
const PICKER = 'Drop an image here, or choose one';

function examplesOf(name: string) {
  const photo = decodePng(`${name}.png`);
  return [
    { name: `${name}-left.png`, mimeType: 'image/png', buffer: cropPng(photo, 0, 0, 0.75, 0.9) },
    { name: `${name}-right.png`, mimeType: 'image/png', buffer: cropPng(photo, 0.25, 0.1, 0.75, 0.9) },
    { name: `${name}-top.png`, mimeType: 'image/png', buffer: cropPng(photo, 0.1, 0, 0.8, 0.7) },
    { name: `${name}-mirror.png`, mimeType: 'image/png', buffer: mirrorPng(photo) },
  ];
}

function unseen(name: string) {
  const photo = decodePng(`${name}.png`);
  return [
    { name: `${name}-centre.png`, mimeType: 'image/png', buffer: cropPng(photo, 0.2, 0.2, 0.6, 0.6) },
    { name: `${name}.png`, mimeType: 'image/png', buffer: fixture(`images/${name}.png`) },
  ];
}

async function teach(page: Page, model: string, label: string, files: ReturnType<typeof examplesOf>) {
  await page.getByLabel('Custom model', { exact: true }).fill(model);
  await page.getByLabel('Class', { exact: true }).fill(label);
  await page.getByLabel(EXAMPLES).setInputFiles(files);
  await expect(page.getByText(`${files.length} examples ready`)).toBeVisible();
  await page.getByRole('button', { name: `Teach "${label}"` }).click();
  await expect(page.getByText(`"${label}" in ${model} now has ${files.length} examples.`)).toBeVisible();
}

async function expectTop(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, label: string) {
  await page.getByLabel(PICKER).setInputFiles(file);
  const first = page.getByRole('list', { name: 'Predictions' }).getByRole('listitem').first();
  await expect(page.getByRole('img', { name: `Your image: ${file.name}` })).toBeVisible();
  await expect(first).toContainText(label);
}

test('two classes taught from examples survive a reload, answer with their labels, and round-trip through a file', async ({ page }) => {
  await page.goto('/#/image');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  await teach(page, 'kitchen', 'my cat', examplesOf('chelsea'));
  await teach(page, 'kitchen', 'my coffee', examplesOf('coffee'));

  await page.reload();
  const model = page.getByLabel('Classify with');
  await expect(model.getByRole('option', { name: 'kitchen: my cat, my coffee' })).toBeAttached();
  await model.selectOption('custom:kitchen');
  for (const file of unseen('chelsea')) await expectTop(page, file, 'my cat');
  for (const file of unseen('coffee')) await expectTop(page, file, 'my coffee');
  // Only the taught labels: two classes, two rows.
  await expect(page.getByRole('list', { name: 'Predictions' }).getByRole('listitem')).toHaveCount(2);

  // Export to a file, delete, import the file back: it answers the same.
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export kitchen to a file' }).click();
  const file = await (await saved).path();
  await page.getByRole('button', { name: 'Delete kitchen' }).click();
  await expect(page.getByText('Deleted kitchen.')).toBeVisible();
  await expect(model.getByRole('option', { name: /kitchen/ })).toHaveCount(0);
  await page.getByLabel('Import a custom model file').setInputFiles(file);
  await expect(page.getByText('Imported kitchen with 2 classes.')).toBeVisible();
  await model.selectOption('custom:kitchen');
  await expectTop(page, unseen('chelsea')[0]!, 'my cat');
});

test('custom-model mistakes get typed errors and store nothing', async ({ page }) => {
  await openSdk(page);
  const outcome = await page.evaluate(async () => {
    const ai = window.ai;
    const tryIt = async (call: () => Promise<unknown>) => {
      try {
        return { ok: true, value: await call() };
      } catch (error: any) {
        return { ok: false, code: error.code, message: error.message };
      }
    };
    const canvas = new OffscreenCanvas(32, 32);
    canvas.getContext('2d')!.fillRect(0, 0, 16, 16);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    const broken = new Blob([(await png.arrayBuffer()).slice(0, 40)], { type: 'image/png' });
    return {
      unknown: await tryIt(() => ai.image.classify(png, { model: 'custom:nobody' })),
      badName: await tryIt(() => ai.image.teach('no/slashes', 'x', [png])),
      brokenExample: await tryIt(() => ai.image.teach('garage', 'tools', [png, broken])),
      notAFile: await tryIt(() => ai.image.importModel({ format: 'something-else', name: 'x', base: 'y', dimensions: 1, classes: [] } as never)),
      wrongSize: await tryIt(() =>
        ai.image.importModel({ format: 'inpage-image-custom/1', name: 'odd', base: 'mobilenet-v1-0.25-224', dimensions: 3, classes: [{ label: 'a', examples: [[1, 2]] }] }),
      ),
      models: await ai.image.listModels(),
    };
  });
  expect(outcome.unknown).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('no custom model "nobody"') });
  expect(outcome.badName).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('custom model name') });
  expect(outcome.brokenExample).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('truncated') });
  expect(outcome.notAFile).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('Not an InPage custom-classes file') });
  expect(outcome.wrongSize).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('2 numbers') });
  expect(outcome.models).toEqual([]);
});

test('a batch of images classifies with a progress bar, keeps going past a bad file, exports a CSV, and can be cancelled', async ({ page }) => {
  await page.goto('/#/image');
  await expect(page.getByRole('status').filter({ hasText: 'Service:' })).toContainText('ready');
  const batch = page.getByLabel("Drop a folder's images here, or choose several");
  const files = [
    ...unseen('coffee'),
    ...unseen('chelsea'),
    { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') },
  ];
  await batch.setInputFiles(files);
  await expect(page.getByText('5 images classified, 1 could not be read.')).toBeVisible();
  const results = page.getByRole('table', { name: 'Batch results' });
  await expect(results.getByRole('row', { name: /coffee\.png espresso/ })).toBeVisible();
  await expect(results.getByRole('row', { name: /broken\.png .*not an image InPage can read/ })).toBeVisible();

  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csv = readFileSync(await (await saved).path(), 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('file,label,probability,error');
  expect(csv).toHaveLength(6);
  expect(csv.find((line) => line.startsWith('coffee.png,'))).toMatch(/^coffee\.png,espresso,0\.9\d+,$/);
  expect(csv.find((line) => line.startsWith('broken.png,'))).toBe('broken.png,,0.0000,"This file is not an image InPage can read (PNG, JPEG, GIF, WebP or BMP)."');

  // A long batch, cancelled part way: it stops, says so, and the service answers the next request.
  const many = Array.from({ length: 40 }, (_, i) => ({ ...unseen('chelsea')[0]!, name: `cat-${i}.png` }));
  await batch.setInputFiles(many);
  await expect(page.getByRole('progressbar', { name: 'Batch' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Batch was cancelled.')).toBeVisible();
  await expectTop(page, unseen('coffee')[1]!, 'espresso');
});
