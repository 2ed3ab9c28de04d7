/**
 * CSV → columns: the rows come from the services' one CSV reader (src/runtime/input/csv.ts: streamed, delimiter
 * sniffed, quotes checked); this decides the header, keeps the rows with the header's width and notes cells
 * a spreadsheet would run as formulas.
 */
import { InPageError } from '../../src/core/errors';
import type { Progress } from '../../src/core/protocol';
import { readCsv, type CsvChunk } from '../../src/runtime/input/csv';
import { MAX_COLUMNS, MAX_FILE_BYTES, type CsvInput } from './contract';
import { Column, isMissingText, parseNumber, type Table } from './table';

/** Above this share of rows with the wrong number of fields, the file is refused rather than trimmed. */
const MAX_RAGGED_SHARE = 0.1;
/** Rows read before deciding whether the first one is a header. */
const SNIFF_ROWS = 20;
const FORMULA_START = new Set([...'=@+-'].map((c) => c.charCodeAt(0)));
/** What spreadsheets run as a formula: =, @, or + / - before something that is not a number. */
const FORMULA = /^(=|@|[+-][^\d.\s])/;
const HTML = /<[a-z!/][^>]*>/i;

export interface ParsedTable extends Table {
  header: boolean;
  delimiter: string;
  /** Rows left out because their number of fields differs from the header's. */
  ragged: { count: number; first?: { line: number; fields: number } };
  /** Per column: cells that start like a spreadsheet formula (=, @, or + / - before something not a number) or hold HTML. */
  formulas: Map<string, number>;
  html: Map<string, number>;
  /** Bytes of the input, for the training data's fingerprint. */
  bytes: Blob;
}

export interface ParseOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export async function parseCsv(input: CsvInput, options: ParseOptions = {}): Promise<ParsedTable> {
  const blob = typeof input === 'string' ? new Blob([input], { type: 'text/csv' }) : input;
  if (blob.size > MAX_FILE_BYTES) {
    throw new InPageError('TOO_LARGE', `The file is ${mb(blob.size)} MB; CSV files up to ${mb(MAX_FILE_BYTES)} MB are accepted. Take a sample of the rows, or fewer columns.`, 'tabular');
  }
  await refuseBinary(blob);
  const builder = new TableBuilder();
  await readCsv(blob, (chunk) => builder.add(chunk), { ...options, service: 'tabular', maxColumns: MAX_COLUMNS });
  return builder.finish(blob);
}

/** A workbook or image dropped by mistake gets a message that names it, not a page of garbled columns. */
async function refuseBinary(blob: Blob): Promise<void> {
  const head = new Uint8Array(await blob.slice(0, 512).arrayBuffer());
  if (head[0] === 0x50 && head[1] === 0x4b) {
    throw new InPageError('UNSUPPORTED_FORMAT', 'This is a ZIP file (an Excel or LibreOffice workbook?). Save the sheet as CSV and drop that.', 'tabular');
  }
  if (head.includes(0)) throw new InPageError('UNSUPPORTED_FORMAT', 'This file is not text, so it cannot be CSV.', 'tabular');
}

class TableBuilder {
  private names: string[] | undefined;
  private columns: Column[] = [];
  private pending: string[][] = [];
  private header = true;
  private delimiter = ',';
  private line = 0;
  private rows = 0;
  private ragged: ParsedTable['ragged'] = { count: 0 };
  private readonly formulas = new Map<string, number>();
  private readonly html = new Map<string, number>();

  add({ rows, delimiter }: CsvChunk): void {
    this.delimiter = delimiter;
    for (const row of rows) {
      this.line += 1;
      if (!this.names) {
        this.pending.push(row);
        if (this.pending.length >= SNIFF_ROWS) this.start();
      } else {
        this.row(row);
      }
    }
  }

  finish(bytes: Blob): ParsedTable {
    if (!this.names) {
      if (!this.pending.length) throw new InPageError('INVALID_INPUT', 'The file is empty: there is no CSV in it.', 'tabular');
      this.start();
    }
    if (this.rows === 0) {
      const why = this.ragged.count ? `every row has a different number of fields than the header (${this.names!.length})` : 'it has a header row but no data rows';
      throw new InPageError('INVALID_INPUT', `There is nothing to learn from: ${why}.`, 'tabular');
    }
    const total = this.rows + this.ragged.count;
    if (this.ragged.count > MAX_RAGGED_SHARE * total) {
      const { line, fields } = this.ragged.first!;
      throw new InPageError(
        'INVALID_INPUT',
        `${this.ragged.count} of ${total} rows have a different number of fields than the header (row ${line} has ${fields}, the header has ${this.names!.length}). Is the delimiter right, or are quotes missing?`,
        'tabular',
      );
    }
    return {
      columns: this.columns,
      rows: this.rows,
      header: this.header,
      delimiter: this.delimiter,
      ragged: this.ragged,
      formulas: this.formulas,
      html: this.html,
      bytes,
    };
  }

  /** Decides whether the first row names the columns: a header holds no numbers. */
  private start(): void {
    const first = this.pending[0]!.map((cell) => cell.replace(/^\uFEFF/, '').trim());
    this.header = !first.some((cell) => !isMissingText(cell) && !Number.isNaN(parseNumber(cell)));
    const names = this.header ? first : first.map((_, i) => `Column ${i + 1}`);
    this.names = uniqueNames(names);
    this.columns = this.names.map((name) => new Column(name));
    const rows = this.header ? this.pending.slice(1) : this.pending;
    this.pending = [];
    const firstLine = this.header ? 2 : 1;
    rows.forEach((row, i) => this.row(row, firstLine + i));
  }

  private row(row: string[], line = this.line): void {
    const width = this.columns.length;
    // A trailing delimiter on every line (an empty last field) is common and harmless.
    while (row.length > width && row[row.length - 1]!.trim() === '') row.pop();
    if (row.length !== width) {
      this.ragged.count += 1;
      this.ragged.first ??= { line, fields: row.length };
      return;
    }
    for (let i = 0; i < width; i += 1) {
      const cell = row[i]!;
      this.columns[i]!.push(cell);
      // Cheap character checks first: this runs for every cell of a 100,000-row file.
      if (FORMULA_START.has(cell.charCodeAt(0)) && FORMULA.test(cell)) bump(this.formulas, this.columns[i]!.name);
      if (cell.includes('<') && HTML.test(cell)) bump(this.html, this.columns[i]!.name);
    }
    this.rows += 1;
  }
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw || `Column ${i + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
