/** The tabular service's pure parts on real data: parsing, the quality report, preparation, splits, metrics. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InPageError } from '../../src/core/errors';
import { classificationMetrics, regressionMetrics, rocAuc } from '../../workers/tabular/metrics';
import { parseCsv } from '../../workers/tabular/parse';
import { encode, fitTransform, readers, targetSpec } from '../../workers/tabular/prepare';
import { analyze } from '../../workers/tabular/profile';
import { stratifiedSplit } from '../../workers/tabular/split';

const PENGUINS = readFileSync(resolve(__dirname, '../fixtures/tabular/penguins.csv'), 'utf8');

async function refusal(promise: Promise<unknown>, code: string): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InPageError);
  expect((error as InPageError).code).toBe(code);
  return (error as InPageError).message;
}

describe('parsing', () => {
  it('reads penguins.csv: 344 rows, 7 named columns, its missing cells', async () => {
    const table = await parseCsv(PENGUINS);
    expect(table.rows).toBe(344);
    expect(table.header).toBe(true);
    expect(table.columns.map((c) => c.name)).toEqual(['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']);
    const mass = table.columns[5]!;
    expect(mass.numeric).toBe(true);
    expect(mass.cell(0)).toBe(3750);
    expect(mass.isMissing(3)).toBe(true);
  });

  it('sniffs semicolons and tabs, keeps quoted delimiters and newlines, strips a BOM, and keeps UTF-8 whole', async () => {
    const table = await parseCsv('\uFEFFname;note;n\n"Müller, A.";"two\nlines";1\nZoë;"say ""hi""";2\n');
    expect(table.delimiter).toBe(';');
    expect(table.columns[0]!.name).toBe('name');
    expect(table.columns[0]!.cell(0)).toBe('Müller, A.');
    expect(table.columns[1]!.cell(0)).toBe('two\nlines');
    expect(table.columns[1]!.cell(1)).toBe('say "hi"');
    const tabs = await parseCsv('a\tb\n1\t2\n3\t4\n');
    expect(tabs.columns.map((c) => c.cell(1))).toEqual([3, 4]);
  });

  it('names the columns itself when the first line is data', async () => {
    const table = await parseCsv('1,2\n3,4\n');
    expect(table.header).toBe(false);
    expect(table.columns.map((c) => c.name)).toEqual(['Column 1', 'Column 2']);
    expect(table.rows).toBe(2);
  });

  it('refuses empty files, header-only files, mostly ragged rows, unterminated quotes and binary files', async () => {
    expect(await refusal(parseCsv(''), 'INVALID_INPUT')).toMatch(/empty/);
    expect(await refusal(parseCsv('a,b,c\n'), 'INVALID_INPUT')).toMatch(/header row but no data/);
    expect(await refusal(parseCsv('a,b,c\n1,2,3\n1,2\n1,2,3,4\n1\n'), 'INVALID_INPUT')).toMatch(/3 of 4 rows have a different number of fields/);
    expect(await refusal(parseCsv('a,b\n1,"open\n2,3\n'), 'INVALID_INPUT')).toMatch(/never closed/);
    expect(await refusal(parseCsv(new Blob([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])])), 'UNSUPPORTED_FORMAT')).toMatch(/workbook/);
  });

  it('refuses a 100 MB file by its size before reading it', async () => {
    const big = new Blob([new Uint8Array(100 * 1024 * 1024)]);
    expect(await refusal(parseCsv(big), 'TOO_LARGE')).toMatch(/100 MB; CSV files up to 80 MB/);
  });

  it('leaves out a few ragged rows and says so', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 3},${i * 2},x${i % 4}`);
    rows.splice(5, 0, '1,2');
    const table = await parseCsv(`a,b,c\n${rows.join('\n')}\n`);
    expect(table.rows).toBe(30);
    expect(table.ragged).toEqual({ count: 1, first: { line: 7, fields: 2 } });
    const { problems } = analyze(table).profile;
    expect(problems.map((p) => p.message).join(' ')).toMatch(/1 row has a different number of fields than the header \(row 7 has 2/);
  });
});

describe('the quality report', () => {
  it('types penguin columns, counts missing cells and states the class balance', async () => {
    const { profile, task, classes } = analyze(await parseCsv(PENGUINS), 'Species');
    const byName = Object.fromEntries(profile.columns.map((c) => [c.name, c]));
    expect(byName.Species!.type).toBe('category');
    expect(byName['Body Mass (g)']).toMatchObject({ type: 'number', missing: 2, min: 2700, max: 6300 });
    expect(byName.Sex).toMatchObject({ type: 'category', missing: 11, distinct: 2 });
    expect(profile.missingCells).toBe(19);
    // The report says how each column will be prepared, before training.
    expect(byName.Species!.use).toBe('the target');
    expect(byName.Sex!.use).toBe('one-hot: 2 values + "missing"');
    expect(byName['Body Mass (g)']!.use).toBe('missing → median; standardised');
    expect(profile.problems.some((p) => /19 cells are missing/.test(p.message) && /Sex 11/.test(p.message))).toBe(true);
    expect(task).toBe('multiclass');
    expect(classes).toEqual(['Adelie', 'Gentoo', 'Chinstrap']);
    expect(profile.target?.classes).toEqual([
      { label: 'Adelie', count: 152 },
      { label: 'Gentoo', count: 124 },
      { label: 'Chinstrap', count: 68 },
    ]);
    expect(analyze(await parseCsv(PENGUINS), 'Body Mass (g)').task).toBe('regression');
  });

  it('flags ids, constants, empty columns, copies of the target, formulas and HTML', async () => {
    const lines = ['id,const,empty,label,copy,score,note'];
    for (let i = 0; i < 40; i += 1) {
      const label = i % 2 ? 'yes' : 'no';
      const note = i === 3 ? '=HYPERLINK("x")' : i === 4 ? '<b>bold</b>' : 'ok';
      lines.push(`${1000 + i},7,,${label},${label},${(i * 37) % 11},${note}`);
    }
    const { profile, excluded } = analyze(await parseCsv(lines.join('\n')), 'label');
    const text = profile.problems.map((p) => p.message).join('\n');
    expect(excluded.map((e) => e.column).sort()).toEqual(['const', 'copy', 'empty', 'id', 'label']);
    expect(profile.columns.find((c) => c.name === 'copy')!.use).toBe('left out: leaks the target');
    expect(text).toMatch(/id looks like an identifier/);
    expect(text).toMatch(/const has the same value \(7\) in every row/);
    expect(text).toMatch(/empty has no values at all/);
    expect(text).toMatch(/copy equals the target in every row/);
    expect(text).toMatch(/1 cell in note start like a spreadsheet formula/);
    expect(text).toMatch(/1 cell in note contain HTML tags/);
    expect(profile.columns.find((c) => c.name === 'label')!.type).toBe('boolean');
  });

  it('calls a one-class target and a 10,000-value target errors', async () => {
    const one = analyze(await parseCsv('x,y\n1,a\n2,a\n3,a\n'), 'y');
    expect(one.profile.problems.find((p) => p.level === 'error')!.message).toMatch(/only one value \(a\)/);
    const many = ['x,code'];
    for (let i = 0; i < 10_000; i += 1) many.push(`${i % 7},C${i}`);
    const wide = analyze(await parseCsv(many.join('\n')), 'code');
    expect(wide.profile.problems.find((p) => p.level === 'error')!.message).toMatch(/10,000 distinct values, too many to predict as classes/);
    const missing = analyze(await parseCsv('x,y\n1,a\n2,b\n'), 'nope');
    expect(missing.profile.problems[0]!.message).toMatch(/no column named "nope".*x, y/);
  });
});

describe('preparation, split and metrics', () => {
  it('splits by class with a seed: same seed, same rows; another seed, other rows', async () => {
    const table = await parseCsv(PENGUINS);
    const species = table.columns[0]!;
    const rows = Int32Array.from({ length: table.rows }, (_, i) => i);
    const a = stratifiedSplit(rows, 7, (r) => species.text(r));
    const b = stratifiedSplit(rows, 7, (r) => species.text(r));
    const c = stratifiedSplit(rows, 8, (r) => species.text(r));
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    expect(a.train.length + a.validation.length + a.test.length).toBe(344);
    const share = (part: Int32Array, label: string) => Array.from(part).filter((r) => species.text(r) === label).length / part.length;
    expect(Math.abs(share(a.test, 'Chinstrap') - 68 / 344)).toBeLessThan(0.03);
  });

  it('imputes, standardises and one-hot encodes with training statistics only', async () => {
    const table = await parseCsv(PENGUINS);
    const read = readers(table);
    const train = Int32Array.from({ length: table.rows }, (_, i) => i);
    const transform = fitTransform(
      table,
      train,
      [
        { column: 'Body Mass (g)', type: 'number' },
        { column: 'Sex', type: 'category' },
      ],
      targetSpec('multiclass', 'Species', read.get('Species')!, train, ['Adelie', 'Gentoo', 'Chinstrap']),
    );
    expect(transform.width).toBe(1 + 2 + 2);
    const x = encode(transform, read, Int32Array.of(3)); // row 4 of the file: every measure missing
    const mass = transform.features[0]!;
    expect(mass.kind === 'number' && mass.median).toBe(4050);
    expect(x[0]).toBeCloseTo(mass.kind === 'number' ? (4050 - mass.mean) / mass.std : NaN, 5);
    expect(Array.from(x.subarray(1))).toEqual([0, 0, 0, 1]); // Sex missing → the "missing" slot
  });

  it('types ISO dates and turns them into year, month, day and weekday', async () => {
    const lines = ['signed,plan'];
    for (let i = 0; i < 28; i += 1) lines.push(`2024-0${1 + (i % 9)}-${String(1 + i).padStart(2, '0')},${i % 2 ? 'basic' : 'pro'}`);
    lines.push(',basic');
    const table = await parseCsv(lines.join('\n'));
    const { profile, types } = analyze(table);
    expect(types.get('signed')).toBe('date');
    expect(profile.columns[0]).toMatchObject({ missing: 1, min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 8, 27) });
    const rows = Int32Array.from({ length: table.rows }, (_, i) => i);
    const read = readers(table);
    const transform = fitTransform(table, rows, [{ column: 'signed', type: 'date' }], targetSpec('binary', 'plan', read.get('plan')!, rows, ['basic', 'pro']));
    expect(transform.width).toBe(4);
    const spec = transform.features[0]!;
    if (spec.kind !== 'date') throw new Error('kind');
    const [year, month, day, weekday] = encode(transform, read, Int32Array.of(0)); // 2024-01-01, a Monday
    expect(year).toBeCloseTo((2024 - spec.parts[0]!.mean) / spec.parts[0]!.std, 5);
    expect(month).toBeCloseTo((1 - spec.parts[1]!.mean) / spec.parts[1]!.std, 5);
    expect(day).toBeCloseTo((1 - spec.parts[2]!.mean) / spec.parts[2]!.std, 5);
    expect(weekday).toBeCloseTo((1 - spec.parts[3]!.mean) / spec.parts[3]!.std, 5);
  });

  it('computes accuracy, macro F1, ROC AUC and the confusion matrix as by hand', () => {
    const actual = [0, 0, 1, 1, 1];
    const probs = [0.9, 0.1, 0.4, 0.6, 0.3, 0.7, 0.8, 0.2, 0.2, 0.8];
    const m = classificationMetrics(actual, probs, ['no', 'yes'], 1);
    if (m.kind !== 'classification') throw new Error('kind');
    expect(m.confusion).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(m.accuracy).toBeCloseTo(0.6);
    expect(m.baseline).toEqual({ accuracy: 0.6, label: 'yes' });
    // Positive scores 0.7, 0.2, 0.8 against negative 0.1, 0.6: 5 of 6 pairs ranked right.
    expect(m.rocAuc).toBeCloseTo(5 / 6);
    expect(rocAuc([1, 0], [0.5, 0.5, 0.5, 0.5], 2, 1)).toBe(0.5);
    const r = regressionMetrics([1, 2, 3, 4], [1, 2, 3, 5], 2.5);
    if (r.kind !== 'regression') throw new Error('kind');
    expect(r.rmse).toBeCloseTo(0.5);
    expect(r.mae).toBeCloseTo(0.25);
    expect(r.r2).toBeCloseTo(1 - 1 / 5);
    expect(r.baseline.r2).toBeCloseTo(0);
  });
});

describe('a CSV wider than a table can be', () => {
  it('refuses a file of commas with no line break as TOO_LARGE before building the row, naming the limit', async () => {
    const commas = new Blob([','.repeat(8 * 1024 * 1024)], { type: 'text/csv' });
    const message = await refusal(parseCsv(commas), 'TOO_LARGE');
    expect(message).toMatch(/Row 1 has more than 1,000 columns/);
  });

  it('counts the row the wide one is, and not the delimiters inside quotes', async () => {
    const quoted = `a,b\n"${','.repeat(5000)}",1\n`;
    expect((await parseCsv(quoted)).rows).toBe(1);
    const wide = `a,b\n1,2\n${'x;'.repeat(1500)}\n`;
    expect(await refusal(parseCsv(wide), 'TOO_LARGE')).toMatch(/Row 3 has more than/);
  });
});
