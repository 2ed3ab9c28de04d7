/**
 * The data quality report: each column's type, missing and distinct counts, spread and outliers, and
 * the problems a person should know before training (said plainly, with what InPage does about them).
 */
import { MAX_CATEGORIES, MAX_CLASSES, type ColumnProfile, type ColumnType, type DataProfile, type Problem, type TargetProfile, type Task } from './contract';
import type { ParsedTable } from './parse';
import { columnOf, type Column, type Table } from './table';

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'y', 'n', 't', 'f']);
const DATE = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ID_NAME = /(^|[^a-z])(id|uuid|key|no|number)$|^id([^a-z]|$)/i;
/** An integer target with at most this many values is taken for classes (a rating), not a quantity. */
const MAX_INTEGER_CLASSES = 10;

export interface Analysis {
  profile: DataProfile;
  types: Map<string, ColumnType>;
  /** Columns not usable as features, with the reason (the target among them). */
  excluded: { column: string; reason: string }[];
  task?: Task;
  /** Class labels of a classification target, most frequent first. */
  classes?: string[];
}

interface Summary {
  profile: ColumnProfile;
  /** Rows per value; for numbers only when they have at most COUNTED distinct values. */
  counts?: Map<string, number>;
  /** A numeric column of whole numbers only. */
  integers: boolean;
}

/** Distinct numbers up to which a numeric column keeps a count per value. */
const COUNTED = 1000;

export function analyze(table: ParsedTable, targetName?: string): Analysis {
  const summaries = table.columns.map((column) => summarize(column, table.rows));
  const problems: Problem[] = [];
  const excluded: Analysis['excluded'] = [];
  const types = new Map(summaries.map((s) => [s.profile.name, s.profile.type]));

  if (!table.header) {
    problems.push({ level: 'info', message: 'The first row holds numbers, so it was read as data; the columns are named Column 1, Column 2…' });
  }
  if (table.ragged.count) {
    const { line, fields } = table.ragged.first!;
    problems.push({
      level: 'warning',
      message: `${count(table.ragged.count, 'row')} ${table.ragged.count === 1 ? 'has' : 'have'} a different number of fields than the header (row ${line} has ${fields}, the header has ${table.columns.length}); ${table.ragged.count === 1 ? 'it is' : 'they are'} left out.`,
    });
  }
  const missingColumns = summaries.filter((s) => s.profile.missing > 0 && s.profile.type !== 'empty');
  const missingCells = summaries.reduce((sum, s) => sum + s.profile.missing, 0);
  if (missingCells) {
    const list = missingColumns.map((s) => `${s.profile.name} ${s.profile.missing}`).join(', ');
    problems.push({ level: 'info', message: `${count(missingCells, 'cell')} ${missingCells === 1 ? 'is' : 'are'} missing${list ? ` (${list})` : ''}. Numbers get the column's median, categories a "missing" value of their own.` });
  }

  for (const { profile } of summaries) {
    const { name, type } = profile;
    const leave = (reason: string, level: Problem['level'], message: string) => {
      if (name !== targetName) {
        excluded.push({ column: name, reason });
        problems.push({ level, column: name, message });
      }
    };
    if (type === 'empty') leave('no values', 'warning', `${name} has no values at all; it is left out.`);
    else if (profile.distinct === 1) leave('constant', 'warning', `${name} has the same value (${profile.top[0]?.value}) in every row; it tells the rows apart in no way and is left out.`);
    else if (type === 'id') leave('identifier', 'warning', `${name} looks like an identifier (a different value in every row); it is left out, since it cannot generalise and may leak the answer.`);
    else if (type === 'text') leave('free text', 'info', `${name} is free text (${profile.distinct} distinct values); it is left out: these models use numbers, categories, yes/no and dates.`);
    else if (profile.missing > 0.5 * table.rows) {
      problems.push({ level: 'warning', column: name, message: `${name} is missing in ${percent(profile.missing / table.rows)} of rows; the value filled in for them is a guess.` });
    }
    if (profile.outliers) {
      problems.push({ level: 'info', column: name, message: `${name} has ${count(profile.outliers, 'outlier')} (beyond 1.5 interquartile ranges); kept, and scaled like the rest.` });
    }
  }
  for (const [column, n] of table.formulas) {
    problems.push({ level: 'warning', column, message: `${count(n, 'cell')} in ${column} start like a spreadsheet formula (=, +, -, @); they are plain text here and never run.` });
  }
  for (const [column, n] of table.html) {
    problems.push({ level: 'info', column, message: `${count(n, 'cell')} in ${column} contain HTML tags; they are treated and shown as plain text.` });
  }

  const analysis: Analysis = {
    profile: { rows: table.rows, delimiter: table.delimiter, header: table.header, columns: summaries.map((s) => s.profile), missingCells, problems },
    types,
    excluded,
  };
  if (targetName !== undefined) examineTarget(table, summaries, targetName, analysis);
  for (const column of analysis.profile.columns) column.use = plannedUse(column, analysis, targetName);
  return analysis;
}

/** What training will do with a column, so the report explains the preparation before it happens. */
function plannedUse(column: ColumnProfile, analysis: Analysis, target: string | undefined): string {
  if (column.name === target) return 'the target';
  const excluded = analysis.excluded.find((e) => e.column === column.name);
  if (excluded) return `left out: ${excluded.reason}`;
  if (column.type === 'number') return column.missing ? 'missing → median; standardised' : 'standardised';
  if (column.type === 'date') return 'year, month, day, weekday; standardised';
  const kept = Math.min(column.distinct, MAX_CATEGORIES);
  return `one-hot: ${kept} value${kept === 1 ? '' : 's'}${column.distinct > MAX_CATEGORIES ? ' + "other"' : ''} + "missing"`;
}

function examineTarget(table: ParsedTable, summaries: Summary[], name: string, analysis: Analysis): void {
  const { problems } = analysis.profile;
  const target: TargetProfile = { name };
  analysis.profile.target = target;
  const summary = summaries.find((s) => s.profile.name === name);
  if (!summary) {
    const names = table.columns.map((c) => c.name).join(', ');
    problems.push({ level: 'error', column: name, message: `There is no column named "${name}". The columns are: ${names}.` });
    return;
  }
  const { profile, counts = new Map<string, number>(), integers } = summary;
  analysis.excluded.push({ column: name, reason: 'the target' });
  const fail = (message: string) => problems.push({ level: 'error', column: name, message });

  if (profile.type === 'empty') return void fail(`${name} has no values at all, so there is nothing to learn.`);
  if (profile.distinct === 1) return void fail(`${name} has only one value (${profile.top[0]?.value}) in every row: there is nothing to predict. A model needs at least two classes, or varying numbers.`);
  const task = taskFor(profile, integers);
  if (!task) {
    return void fail(`${name} has ${profile.distinct.toLocaleString('en')} distinct values, too many to predict as classes (up to ${MAX_CLASSES}); it looks like ${profile.type === 'id' ? 'an identifier' : 'free text'}. Pick a column of categories or numbers.`);
  }
  target.task = task;
  if (profile.missing) {
    problems.push({ level: 'warning', column: name, message: `${count(profile.missing, 'row')} ${profile.missing === 1 ? 'has' : 'have'} no ${name}; ${profile.missing === 1 ? 'it is' : 'they are'} left out of training.` });
  }
  if (task !== 'regression') {
    const classes = [...counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => ({ label, count: n }));
    target.classes = classes;
    analysis.classes = classes.map((c) => c.label);
    const known = table.rows - profile.missing;
    const rare = classes.filter((c) => c.count < 0.05 * known);
    if (rare.length) {
      problems.push({
        level: 'warning',
        column: name,
        message: `The classes are unbalanced: ${rare.map((c) => `${c.label} has ${c.count} of ${known} rows`).join('; ')}. Accuracy can look good while these are missed; read the recall per class.`,
      });
    }
  }
  for (const [i, column] of table.columns.entries()) {
    if (column.name === name || analysis.excluded.some((e) => e.column === column.name)) continue;
    const leak = leakage(table, column, columnOf(table, name)!, task, summaries[i]!.profile.distinct);
    if (leak) {
      analysis.excluded.push({ column: column.name, reason: 'leaks the target' });
      problems.push({ level: 'warning', column: column.name, message: `${column.name} ${leak} (a leakage suspect); it is left out so the model learns from the other columns.` });
    }
  }
  analysis.task = task;
}

function taskFor(profile: ColumnProfile, integers: boolean): Task | undefined {
  const { type, distinct } = profile;
  if (type === 'number') {
    return integers && distinct <= MAX_INTEGER_CLASSES ? (distinct === 2 ? 'binary' : 'multiclass') : 'regression';
  }
  if (type === 'boolean') return 'binary';
  if (type === 'category' && distinct <= MAX_CLASSES) return distinct === 2 ? 'binary' : 'multiclass';
  return undefined;
}

/** Says how `column` gives the target away, if it does: equal to it, a relabelling of it, or a near-copy of a number. */
function leakage(table: Table, column: Column, target: Column, task: Task, distinct: number): string | undefined {
  // Numbers compare as numbers: turning every cell into text is what makes wide files slow.
  const keyOf = (c: Column) => (c.numeric ? (i: number) => c.number(i) : (i: number) => c.text(i));
  const value = keyOf(column);
  const answer = keyOf(target);
  const comparable = column.numeric === target.numeric;
  let same = 0;
  let both = 0;
  const mapping = task !== 'regression' && distinct < table.rows / 2 ? new Map<string | number, string | number>() : undefined;
  let determines = mapping !== undefined;
  for (let i = 0; i < table.rows; i += 1) {
    if (column.isMissing(i) || target.isMissing(i)) continue;
    both += 1;
    const v = value(i);
    const a = answer(i);
    if (comparable && v === a) same += 1;
    if (determines) {
      const seen = mapping!.get(v);
      if (seen === undefined) mapping!.set(v, a);
      else if (seen !== a) determines = false;
    }
  }
  if (both < 10) return undefined;
  if (same === both) return 'equals the target in every row';
  if (determines && mapping!.size >= 2 && mapping!.size < both / 2) return 'determines the target exactly (each of its values always comes with one class)';
  if (task === 'regression' && column.numeric && target.numeric && Math.abs(correlation(table, column, target)) > 0.995) return 'moves in lockstep with the target (correlation above 0.995)';
  return undefined;
}

function correlation(table: Table, a: Column, b: Column): number {
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < table.rows; i += 1) {
    const x = a.number(i);
    const y = b.number(i);
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n += 1;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const cov = sab / n - (sa / n) * (sb / n);
  const sd = Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
  return sd > 0 ? cov / sd : 0;
}

function summarize(column: Column, rows: number): Summary {
  return column.numeric ? summarizeNumbers(column, rows) : summarizeTexts(column, rows);
}

/** Numbers are counted from a sorted copy: no text per cell, which matters at 100,000 rows × 100 columns. */
function summarizeNumbers(column: Column, rows: number): Summary {
  const values = new Float64Array(rows);
  let present = 0;
  for (let i = 0; i < rows; i += 1) {
    const v = column.number(i);
    if (!Number.isNaN(v)) values[present++] = v;
  }
  const sorted = values.subarray(0, present).sort();
  const runs: [number, number][] = [];
  let integers = true;
  for (let i = 0; i < present; ) {
    let j = i;
    while (j < present && sorted[j] === sorted[i]) j += 1;
    runs.push([sorted[i]!, j - i]);
    if (!Number.isInteger(sorted[i])) integers = false;
    i = j;
  }
  const top: ColumnProfile['top'] = [];
  for (const [value, n] of runs) {
    if (top.length < 5 || n > top[top.length - 1]!.count) {
      top.push({ value: String(value), count: n });
      top.sort((a, b) => b.count - a.count);
      if (top.length > 5) top.pop();
    }
  }
  const profile: ColumnProfile = { name: column.name, type: 'number', missing: rows - present, distinct: runs.length, top, use: '' };
  if (present === 0) profile.type = 'empty';
  else if (runs.length === 2 && runs[0]![0] === 0 && runs[1]![0] === 1) profile.type = 'boolean';
  else if (integers && runs.length === present && present >= 20) {
    const consecutive = sorted[present - 1]! - sorted[0]! + 1 === present;
    if (consecutive || ID_NAME.test(column.name)) profile.type = 'id';
  }
  if (profile.type === 'number') Object.assign(profile, spread(sorted, true));
  // Per-value counts only where they are few (a class target, a coded category).
  const counts = runs.length <= COUNTED ? new Map(runs.map(([value, n]) => [String(value), n])) : undefined;
  return { profile, counts, integers };
}

function summarizeTexts(column: Column, rows: number): Summary {
  let missing = 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < rows; i += 1) {
    if (column.isMissing(i)) {
      missing += 1;
      continue;
    }
    const text = column.text(i);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const present = rows - missing;
  const type = typeOfText([...counts.keys()], present);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([value, n]) => ({ value, count: n }));
  const profile: ColumnProfile = { name: column.name, type, missing, distinct: counts.size, top, use: '' };
  if (type === 'date') {
    const times = [...counts.keys()].map((text) => Date.parse(text)).filter((t) => !Number.isNaN(t));
    if (times.length) Object.assign(profile, spread(Float64Array.from(times).sort(), false));
  }
  return { profile, counts, integers: false };
}

function typeOfText(values: string[], present: number): ColumnType {
  if (present === 0) return 'empty';
  if (values.length <= 2 && values.every((v) => BOOLEAN_WORDS.has(v.toLowerCase()))) return 'boolean';
  const dates = values.filter((v) => DATE.test(v) && !Number.isNaN(Date.parse(v))).length;
  if (dates >= 0.95 * values.length) return 'date';
  if (values.length === present && present >= 20) return 'id';
  if (values.length > 50 && values.length > 0.5 * present) return 'text';
  return 'category';
}

/** From sorted values. */
function spread(sorted: Float64Array, outliers: boolean): Partial<ColumnProfile> {
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  const result: Partial<ColumnProfile> = { min: sorted[0], max: sorted[n - 1], mean, std: Math.sqrt(squares / n) };
  if (outliers) {
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const reach = 1.5 * (q3 - q1);
    result.outliers = sorted.filter((v) => v < q1 - reach || v > q3 + reach).length;
  }
  return result;
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
