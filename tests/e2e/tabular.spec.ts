import { expect, test, type Page } from '@playwright/test';
import { fixture, openSdk, type Answer } from './fixtures';
import type { InPage, Metrics } from '../../src/client';

const PENGUINS = fixture('tabular/penguins.csv').toString('utf8');

/** Calls `ai.tabular[method](...args)` on the page; a `{ csvBlob }` argument becomes a Blob there. Errors come back as data. */
async function call<T>(page: Page, method: keyof InPage['tabular'], ...args: unknown[]): Promise<Answer<T>> {
  return page.evaluate(
    async ({ method, args }) => {
      const real = args.map((a: any) => (a && typeof a === 'object' && 'csvBlob' in a ? new Blob([a.csvBlob], { type: 'text/csv' }) : a));
      try {
        return { ok: true as const, value: (await (window.ai.tabular[method] as (...args: unknown[]) => Promise<unknown>)(...real)) as T };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message, service: error.service };
      }
    },
    { method, args },
  );
}

function value<T>(answer: Answer<T>): T {
  if (!answer.ok) throw new Error(`${answer.code}: ${answer.message}`);
  return answer.value;
}

const NEW_PENGUINS = [
  { Island: 'Biscoe', 'Beak Length (mm)': 47.5, 'Beak Depth (mm)': 14.8, 'Flipper Length (mm)': 222, 'Body Mass (g)': 5300, Sex: 'MALE' },
  { Island: 'Dream', 'Beak Length (mm)': 49.6, 'Beak Depth (mm)': 18.2, 'Flipper Length (mm)': 193, 'Body Mass (g)': 3775, Sex: 'MALE' },
  { Island: 'Torgersen', 'Beak Length (mm)': 38.6, 'Beak Depth (mm)': 21.2, 'Flipper Length (mm)': 191, 'Body Mass (g)': 3800, Sex: 'MALE' },
];

test.beforeEach(async ({ page }) => openSdk(page));

test('penguins: the report lists missing cells; Species trains to ≥ 0.9 held-out accuracy; new rows get classes with probabilities; all survives a reload', async ({ page }) => {
  const profile = value(await call<any>(page, 'profile', { csvBlob: PENGUINS }, { target: 'Species' }));
  expect(profile.rows).toBe(344);
  expect(profile.missingCells).toBe(19);
  const sex = profile.columns.find((c: any) => c.name === 'Sex');
  expect(sex).toMatchObject({ type: 'category', missing: 11 });
  expect(profile.problems.map((p: any) => p.message).join(' ')).toMatch(/19 cells are missing \(.*Sex 11/);
  expect(profile.target).toMatchObject({ task: 'multiclass', classes: [{ label: 'Adelie', count: 152 }, { label: 'Gentoo', count: 124 }, { label: 'Chinstrap', count: 68 }] });

  const epochs: any[] = [];
  await page.exposeFunction('onEpoch', (point: unknown) => void epochs.push(point));
  const result = await page.evaluate(async (csv) => {
    const ai = window.ai;
    return ai.tabular.train({ csv, target: 'Species', seed: 7 }, { onProgress: (p: any) => p.phase === 'epoch' && (window as any).onEpoch(p.point) });
  }, PENGUINS);
  expect(result.task).toBe('multiclass');
  expect(result.metrics.kind).toBe('classification');
  const metrics = result.metrics as Extract<Metrics, { kind: 'classification' }>;
  expect(metrics.accuracy).toBeGreaterThanOrEqual(0.9);
  expect(metrics.accuracy).toBeGreaterThan((metrics.baseline as { accuracy: number }).accuracy);
  expect(metrics.rocAuc).toBeGreaterThan(0.9);
  expect(metrics.labels).toEqual(['Adelie', 'Gentoo', 'Chinstrap']);
  const confused = metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0);
  expect(confused).toBe(result.split.test);
  expect(result.split.train + result.split.validation + result.split.test).toBe(344);
  expect(result.candidates.map((c: any) => c.kind)).toEqual(['linear', 'mlp']);
  expect(result.importance).toHaveLength(result.features.length);
  expect(result.features.map((f: any) => f.column)).toEqual(['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']);
  // Progress per epoch with loss and the validation metric, for both models.
  await expect.poll(() => epochs.length).toBe(result.history.length);
  expect(new Set(epochs.map((e) => e.model))).toEqual(new Set(['linear', 'mlp']));
  expect(epochs[0]).toMatchObject({ epoch: 1, loss: expect.any(Number), valLoss: expect.any(Number), valMetric: expect.any(Number) });

  const predictions = value(await call<any[]>(page, 'predict', result.modelId, NEW_PENGUINS));
  expect(predictions.map((p) => p.prediction)).toEqual(['Gentoo', 'Chinstrap', 'Adelie']);
  for (const p of predictions) {
    const probabilities = Object.values(p.probabilities) as number[];
    expect(Object.keys(p.probabilities).sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(p.probabilities[p.prediction]).toBe(Math.max(...probabilities));
  }

  // The same model from a CSV of new rows, with a missing cell imputed and reported.
  const csv = 'Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex\nBiscoe,46.1,13.2,211,,FEMALE\n';
  const fromCsv = value(await call<any[]>(page, 'predict', result.modelId, { csvBlob: csv }));
  expect(fromCsv[0]).toMatchObject({ prediction: 'Gentoo', missing: ['Body Mass (g)'] });

  await page.reload();
  await openSdk(page);
  const models = value(await call<any[]>(page, 'listModels'));
  expect(models.find((m) => m.id === result.modelId)).toMatchObject({ task: 'multiclass', target: 'Species', metrics: { accuracy: metrics.accuracy } });
  expect(models[0].fingerprint).toMatchObject({ rows: 344, columns: 7, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const again = value(await call<any[]>(page, 'predict', result.modelId, NEW_PENGUINS));
  expect(again).toEqual(predictions);
});

test('Body Mass as regression: R² above the mean baseline; RMSE and MAE in grams', async ({ page }) => {
  const result = value(await call<any>(page, 'train', { csv: PENGUINS, target: 'Body Mass (g)' }));
  expect(result.task).toBe('regression');
  const { metrics } = result;
  expect(metrics.kind).toBe('regression');
  expect(metrics.r2).toBeGreaterThan(0.6);
  expect(metrics.r2).toBeGreaterThan(metrics.baseline.r2);
  expect(metrics.rmse).toBeLessThan(metrics.baseline.rmse);
  expect(metrics.mae).toBeGreaterThan(50);
  expect(metrics.mae).toBeLessThan(600);
  const [heavy, light] = value(await call<any[]>(page, 'predict', result.modelId, [NEW_PENGUINS[0], NEW_PENGUINS[2]]));
  expect(heavy.prediction).toBeGreaterThan(light.prediction + 500);
  expect(heavy.probabilities).toBeUndefined();
});

test('same seed, same data → the same metrics; another seed → another split', async ({ page }) => {
  const run = (seed: number) => call<any>(page, 'train', { csv: PENGUINS, target: 'Species', seed, maxEpochs: 30 });
  const a = value(await run(11));
  const b = value(await run(11));
  const c = value(await run(12));
  expect(b.metrics).toEqual(a.metrics);
  expect(b.history).toEqual(a.history.map((p: any) => ({ ...p, rowsPerSecond: expect.any(Number) })));
  expect(b.importance).toEqual(a.importance);
  expect(c.history.map((p: any) => p.loss)).not.toEqual(a.history.map((p: any) => p.loss));
});

test('bad inputs get their code and a readable message; the service stays up and earlier models stay', async ({ page }) => {
  const good = value(await call<any>(page, 'train', { csv: PENGUINS, target: 'Species', model: 'linear', maxEpochs: 20 }));
  const tenThousand = ['code,x', ...Array.from({ length: 10_000 }, (_, i) => `C${i},${i % 5}`)].join('\n');
  const cases: Array<[string, keyof InPage['tabular'], unknown[], string, RegExp]> = [
    ['empty file', 'profile', [{ csvBlob: '' }], 'INVALID_INPUT', /empty/],
    ['header only', 'profile', [{ csvBlob: 'a,b,c\n' }], 'INVALID_INPUT', /header row but no data rows/],
    ['ragged rows', 'profile', [{ csvBlob: 'a,b,c\n1,2,3\n1,2\n4,5,6,7\n8\n' }], 'INVALID_INPUT', /3 of 4 rows have a different number of fields than the header/],
    ['unterminated quote', 'profile', [{ csvBlob: 'a,b\n1,2\n3,"never closed\n5,6\n' }], 'INVALID_INPUT', /Row 3 opens a quoted field that is never closed/],
    ['workbook', 'profile', [{ csvBlob: 'PK\u0003\u0004 not csv' }], 'UNSUPPORTED_FORMAT', /Save the sheet as CSV/],
    ['one-class target', 'train', [{ csv: 'x,y\n1,a\n2,a\n3,a\n', target: 'y' }], 'INVALID_INPUT', /only one value \(a\) in every row/],
    ['unknown target', 'train', [{ csv: PENGUINS, target: 'Wingspan' }], 'INVALID_INPUT', /no column named "Wingspan"/],
    ['all-missing target', 'train', [{ csv: 'x,y\n1,\n2,\n3,\n', target: 'y' }], 'INVALID_INPUT', /y has no values at all/],
    ['10,000-class target', 'train', [{ csv: tenThousand, target: 'code' }], 'INVALID_INPUT', /10,000 distinct values, too many to predict as classes/],
    ['no target named', 'train', [{ csv: PENGUINS, target: '' }], 'INVALID_INPUT', /Name the column to predict/],
    ['not CSV', 'profile', [42], 'INVALID_INPUT', /Expected CSV/],
    ['a word for a number', 'predict', [good.modelId, [{ ...NEW_PENGUINS[0], 'Body Mass (g)': 'heavy' }]], 'INVALID_INPUT', /Row 1: Body Mass \(g\) should be a number, not "heavy"/],
    ['unknown model', 'predict', ['no-such-model', NEW_PENGUINS], 'INVALID_INPUT', /no model "no-such-model"/],
    ['CSV without the columns', 'predict', [good.modelId, { csvBlob: 'a,b\n1,2\n' }], 'INVALID_INPUT', /none of the columns this model uses/],
    ['not a model file', 'importModel', [{ csvBlob: '{"format":"something else"}' }], 'INVALID_INPUT', /not an exported InPage tabular model/],
  ];
  for (const [name, method, args, code, message] of cases) {
    const answer = await call(page, method, ...args);
    expect(answer.ok, name).toBe(false);
    if (answer.ok) continue;
    expect(answer.code, `${name}: ${answer.message}`).toBe(code);
    expect(answer.message, name).toMatch(message);
    expect(answer.service, name).toBe('tabular');
  }

  // 100 MB: refused by size, without reading it (built on the page, so nothing crosses from Node).
  const huge = await page.evaluate(async () => {
    const row = 'a,b,c,d,e,f,g,h\n'.repeat(4096);
    const blob = new Blob(Array.from({ length: Math.ceil((100 * 1024 * 1024) / row.length) }, () => row));
    try {
      await window.ai.tabular.profile(blob);
      return { code: 'none', message: '' };
    } catch (error: any) {
      return { code: error.code, message: error.message };
    }
  });
  expect(huge.code).toBe('TOO_LARGE');
  expect(huge.message).toMatch(/The file is 100 MB; CSV files up to 80 MB are accepted/);

  // Formulas and HTML are data: reported, kept as text, never run.
  const risky = ['name,note,score', ...Array.from({ length: 30 }, (_, i) => `n${i % 3},${i === 2 ? '=cmd|" /C calc"!A0' : i === 3 ? '<img src=x onerror=alert(1)>' : 'fine'},${i}`)].join('\n');
  const report = value(await call<any>(page, 'profile', { csvBlob: risky }));
  const messages = report.problems.map((p: any) => p.message).join('\n');
  expect(messages).toMatch(/1 cell in note start like a spreadsheet formula/);
  expect(messages).toMatch(/1 cell in note contain HTML tags/);
  expect(report.columns[1].top.map((t: any) => t.value)).toContain('<img src=x onerror=alert(1)>');

  const models = value(await call<any[]>(page, 'listModels'));
  expect(models.map((m) => m.id)).toContain(good.modelId);
  const still = value(await call<any[]>(page, 'predict', good.modelId, NEW_PENGUINS.slice(0, 1)));
  expect(still[0].prediction).toBe('Gentoo');
});

test('export, import, rename and delete; cancel stops training and keeps nothing', async ({ page }) => {
  const trained = value(await call<any>(page, 'train', { csv: PENGUINS, target: 'Species', model: 'mlp', maxEpochs: 15 }));
  const round = await page.evaluate(async (id) => {
    const ai = window.ai;
    const file: Blob = await ai.tabular.exportModel(id);
    const json = JSON.parse(await file.text());
    const imported = await ai.tabular.importModel(new File([await file.text()], 'penguins.json', { type: 'application/json' }));
    const renamed = await ai.tabular.renameModel(imported.id, 'Imported penguins');
    return { format: json.format, type: file.type, imported, renamed };
  }, trained.modelId);
  expect(round.format).toBe('inpage-tabular-model');
  expect(round.imported.id).not.toBe(trained.modelId);
  expect(round.imported.metrics).toEqual(trained.metrics);
  expect(round.renamed.name).toBe('Imported penguins');
  const original = value(await call<any[]>(page, 'predict', trained.modelId, NEW_PENGUINS));
  const copy = value(await call<any[]>(page, 'predict', round.imported.id, NEW_PENGUINS));
  expect(copy).toEqual(original);

  value(await call(page, 'deleteModel', trained.modelId));
  const left = value(await call<any[]>(page, 'listModels'));
  expect(left.map((m) => m.id)).toEqual([round.imported.id]);
  const gone = await call(page, 'predict', trained.modelId, NEW_PENGUINS);
  expect(!gone.ok && gone.code).toBe('INVALID_INPUT');

  // Cancel after the second epoch: CANCELLED, and no model is added.
  const cancelled = await page.evaluate(async (csv) => {
    const ai = window.ai;
    const controller = new AbortController();
    let epochs = 0;
    try {
      await ai.tabular.train(
        { csv, target: 'Species', model: 'mlp', maxEpochs: 1000, patience: 100 },
        { signal: controller.signal, onProgress: (p: any) => p.phase === 'epoch' && ++epochs === 2 && controller.abort() },
      );
      return { code: 'none', epochs };
    } catch (error: any) {
      return { code: error.code, epochs };
    }
  }, PENGUINS);
  expect(cancelled.code).toBe('CANCELLED');
  expect(cancelled.epochs).toBeLessThan(50);
  const after = value(await call<any[]>(page, 'listModels'));
  expect(after.map((m) => m.id)).toEqual([round.imported.id]);
});
