/**
 * Columns → numbers, fitted on the training rows only and saved with the model, so prediction applies
 * exactly the same steps: numbers get the median for missing values and are standardised; categories
 * and yes/no become one-hot columns (the most frequent ones, the rest as "other", plus "missing");
 * dates become year, month, day and weekday.
 */
import { MAX_CATEGORIES, type Cell, type ColumnType, type FeatureUse, type Task } from './contract';
import { quantile } from './profile';
import { parseNumber, type Column, type Table } from './table';

const DATE_PARTS = ['year', 'month', 'day', 'weekday'] as const;

interface Scale {
  median: number;
  mean: number;
  std: number;
}

export type FeatureSpec =
  | ({ kind: 'number'; column: string; type: ColumnType } & Scale)
  | { kind: 'category'; column: string; type: ColumnType; categories: string[]; other: boolean }
  | { kind: 'date'; column: string; type: ColumnType; parts: Scale[] };

export type TargetSpec =
  | { task: 'regression'; column: string; mean: number; std: number }
  | { task: 'binary' | 'multiclass'; column: string; classes: string[] };

export interface Transform {
  features: FeatureSpec[];
  /** Numbers per row after encoding. */
  width: number;
  target: TargetSpec;
}

/** A column's cells by row number; a row that lacks the column reads null. */
export type Reader = (row: number) => Cell;

export function readers(table: Table): Map<string, Reader> {
  return new Map(table.columns.map((column: Column) => [column.name, (row: number) => column.cell(row)]));
}

export function fitTransform(table: Table, train: ArrayLike<number>, features: { column: string; type: ColumnType }[], target: TargetSpec): Transform {
  const read = readers(table);
  const specs = features.map(({ column, type }): FeatureSpec => {
    const cell = read.get(column)!;
    if (type === 'number') return { kind: 'number', column, type, ...scaleOf(collect(train, (row) => toNumber(cell(row)))) };
    if (type === 'date') {
      const parts = DATE_PARTS.map((_, p) => scaleOf(collect(train, (row) => datePart(cell(row), p))));
      return { kind: 'date', column, type, parts };
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < train.length; i += 1) {
      const key = categoryKey(cell(train[i]!), type);
      if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const categories = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);
    return { kind: 'category', column, type, categories: categories.slice(0, MAX_CATEGORIES), other: categories.length > MAX_CATEGORIES };
  });
  return { features: specs, width: specs.reduce((sum, spec) => sum + widthOf(spec), 0), target };
}

/** Rows → a row-major Float32Array of `rows.length × transform.width`. */
export function encode(transform: Transform, read: Map<string, Reader>, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * transform.width);
  transform.features.forEach((spec, i) => encodeFeature(transform, i, read.get(spec.column) ?? (() => null), rows, out));
  return out;
}

/** Writes feature `index` of each row into `out` (already encoded otherwise): what permutation importance changes. */
export function encodeFeature(transform: Transform, index: number, cell: Reader, rows: ArrayLike<number>, out: Float32Array): void {
  const spec = transform.features[index]!;
  const offset = transform.features.slice(0, index).reduce((sum, s) => sum + widthOf(s), 0);
  const width = widthOf(spec);
  for (let i = 0; i < rows.length; i += 1) {
    const at = i * transform.width + offset;
    const value = cell(rows[i]!);
    if (spec.kind === 'number') out[at] = standardise(toNumber(value), spec);
    else if (spec.kind === 'date') spec.parts.forEach((scale, p) => (out[at + p] = standardise(datePart(value, p), scale)));
    else {
      out.fill(0, at, at + width);
      out[at + categorySlot(spec, categoryKey(value, spec.type))] = 1;
    }
  }
}

/** The target as training numbers: class index per row, or the standardised value. */
export function encodeTarget(spec: TargetSpec, cell: Reader, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const value = cell(rows[i]!);
    out[i] = spec.task === 'regression' ? (toNumber(value) - spec.mean) / spec.std : spec.classes.indexOf(categoryKey(value, 'category') ?? '');
  }
  return out;
}

export function targetSpec(task: Task, column: string, cell: Reader, train: ArrayLike<number>, classes: string[]): TargetSpec {
  if (task !== 'regression') return { task, column, classes };
  const { mean, std } = scaleOf(collect(train, (row) => toNumber(cell(row))));
  return { task, column, mean, std };
}

/** The preparation of each feature, in words, for the report and the model list. */
export function describe(transform: Transform): FeatureUse[] {
  return transform.features.map((spec) => {
    let preparation: string;
    if (spec.kind === 'number') preparation = `missing → median ${round(spec.median)}; standardised (mean ${round(spec.mean)}, sd ${round(spec.std)})`;
    else if (spec.kind === 'date') preparation = 'year, month, day and weekday, each standardised; missing → median';
    else {
      const rest = spec.other ? `; the rest as "other"` : '';
      preparation = `one-hot: ${spec.categories.length} values${rest}, and "missing"`;
    }
    return { column: spec.column, type: spec.type, preparation, ...(spec.kind === 'category' ? { categories: spec.categories } : {}) };
  });
}

/** True when a cell cannot be read as the feature wants (a word where a number belongs). */
export function unreadable(spec: FeatureSpec, value: Cell): boolean {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return false;
  if (spec.kind === 'number') return Number.isNaN(toNumber(value));
  if (spec.kind === 'date') return Number.isNaN(Date.parse(String(value)));
  return false;
}

function widthOf(spec: FeatureSpec): number {
  if (spec.kind === 'number') return 1;
  if (spec.kind === 'date') return DATE_PARTS.length;
  return spec.categories.length + 2; // + "other" + "missing"
}

function categorySlot(spec: Extract<FeatureSpec, { kind: 'category' }>, key: string | null): number {
  if (key === null) return spec.categories.length + 1;
  const index = spec.categories.indexOf(key);
  return index >= 0 ? index : spec.categories.length;
}

/** Booleans compare without case ("TRUE" is "true"); numbers in a category column by their text. */
function categoryKey(value: Cell, type: ColumnType): string | null {
  if (value === null) return null;
  const text = String(value).trim();
  if (text === '') return null;
  return type === 'boolean' ? text.toLowerCase() : text;
}

function toNumber(value: Cell): number {
  if (typeof value === 'number') return value;
  if (value === null || typeof value === 'boolean') return NaN;
  return parseNumber(value.trim());
}

function datePart(value: Cell, part: number): number {
  if (value === null) return NaN;
  const time = Date.parse(String(value));
  if (Number.isNaN(time)) return NaN;
  const date = new Date(time);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay()][part]!;
}

function collect(rows: ArrayLike<number>, value: (row: number) => number): Float64Array {
  const values: number[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const v = value(rows[i]!);
    if (!Number.isNaN(v)) values.push(v);
  }
  return Float64Array.from(values).sort();
}

/** From sorted values; an all-missing or constant column scales to 0 rather than dividing by zero. */
function scaleOf(sorted: Float64Array): Scale {
  if (!sorted.length) return { median: 0, mean: 0, std: 1 };
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / sorted.length;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  return { median: quantile(sorted, 0.5), mean, std: Math.sqrt(squares / sorted.length) || 1 };
}

function standardise(value: number, scale: Scale): number {
  return ((Number.isNaN(value) ? scale.median : value) - scale.mean) / scale.std;
}

function round(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
