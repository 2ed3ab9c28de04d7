/**
 * A parsed table, stored by column so that 100,000 rows × 100 numeric columns fit in memory: numbers
 * sit in a Float64Array; a column keeps strings only once it meets a value that is not a number.
 */
import type { Cell } from './contract';

// '.' is how SAS and Stata write a missing value (the penguins data has one).
const MISSING = new Set(['', '.', 'na', 'n/a', 'nan', 'null', 'none', '?', '#n/a']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Distinct strings a column shares one copy of; past this the column is free text and keeps each copy. */
const INTERN_LIMIT = 50_000;

export function isMissingText(text: string): boolean {
  return MISSING.has(text.toLowerCase());
}

/** A number in plain notation, or NaN: "0x10", "1,5" and "Infinity" are text. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

/**
 * Whether Number(text) may be trusted: starts like a number (digit, sign, point) and is not hex, binary
 * or octal notation. Number() itself then refuses the rest ("1,5", "12 kg"). Cheaper than the regex per cell.
 */
function looksNumeric(text: string): boolean {
  const first = text.charCodeAt(0);
  if (!((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46)) return false;
  const second = text.charCodeAt(1) | 0x20; // lower case
  return !(first === 48 && (second === 120 || second === 98 || second === 111)); // 0x, 0b, 0o
}

export class Column {
  private numbers = new Float64Array(1024);
  /** Set once a value is not a number; then holds every row as text ('' for missing). */
  private texts: string[] | undefined;
  private readonly interned = new Map<string, string>();
  length = 0;

  constructor(readonly name: string) {}

  push(raw: string): void {
    const text = raw.trim();
    // The common cases first, without allocating: a plain number, then an empty cell.
    let value = looksNumeric(text) ? Number(text) : NaN;
    if (!Number.isFinite(value)) value = NaN;
    const missing = Number.isNaN(value) && (text.length === 0 || (text.length <= 4 && isMissingText(text)));
    if (this.length === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.length] = value;
    if (!this.texts && !missing && Number.isNaN(value)) {
      // The first word in a numeric column: keep the numbers seen so far as their text from here on.
      this.texts = Array.from(this.numbers.subarray(0, this.length), (n) => (Number.isNaN(n) ? '' : String(n)));
    }
    this.texts?.push(missing ? '' : this.intern(text));
    this.length += 1;
  }

  /** True while every value seen is a number or missing. */
  get numeric(): boolean {
    return this.texts === undefined;
  }

  isMissing(row: number): boolean {
    return this.texts ? this.texts[row] === '' : Number.isNaN(this.numbers[row]);
  }

  /** The value in its natural form: a number in a numeric column, else the text; null when missing. */
  cell(row: number): Cell {
    if (this.isMissing(row)) return null;
    return this.texts ? this.texts[row]! : this.numbers[row]!;
  }

  /** The number in `row` (NaN when missing or not a number). */
  number(row: number): number {
    return this.numbers[row]!;
  }

  text(row: number): string {
    if (this.texts) return this.texts[row]!;
    const n = this.numbers[row]!;
    return Number.isNaN(n) ? '' : String(n);
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size < INTERN_LIMIT) this.interned.set(text, text);
    return text;
  }
}

export interface Table {
  columns: Column[];
  rows: number;
}

export function columnOf(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** Builds a table from rows of cells given as objects (what `predict` receives from a form). */
export function tableFromRows(names: string[], rows: Record<string, Cell>[]): Table {
  const columns = names.map((name) => new Column(name));
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column.name];
      column.push(value === null || value === undefined ? '' : String(value));
    }
  }
  return { columns, rows: rows.length };
}
