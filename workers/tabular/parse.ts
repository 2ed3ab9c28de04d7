/**
 * CSV → columns, streamed: the bytes are decoded as UTF-8 chunk by chunk (a character split across
 * chunks stays whole) and handed to Papa Parse, which sniffs the delimiter and keeps quoted fields that
 * span chunks. The worker yields between chunks so heartbeats and cancellation get through.
 */
import Papa from 'papaparse';
import { InPageError } from '../../src/bus/errors';
import type { Progress } from '../../src/bus/protocol';
import { MAX_FILE_BYTES, type CsvInput } from './contract';
import { RowWidth } from './row-width';
import { Column, isMissingText, parseNumber, type Table } from './table';

/** Above this share of rows with the wrong number of fields, the file is refused rather than trimmed. */
const MAX_RAGGED_SHARE = 0.1;
/** Rows read before deciding whether the first one is a header. */
const SNIFF_ROWS = 20;
const YIELD_EVERY_MS = 40;
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
  await stream(blob, builder, options);
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

/** Feeds Papa Parse from the Blob's byte stream through the shape of stream it reads (on/pause/resume). */
async function stream(blob: Blob, builder: TableBuilder, { signal, onProgress }: ParseOptions): Promise<void> {
  const listeners = new Map<string, (value?: unknown) => void>();
  const source = {
    readable: true,
    read: () => null,
    on: (event: string, fn: (value?: unknown) => void) => void listeners.set(event, fn),
    removeListener: (event: string) => void listeners.delete(event),
    pause: () => undefined,
    resume: () => undefined,
  };
  let failed = false;
  const done = new Promise<void>((resolve, reject) => {
    Papa.parse(source as unknown as NodeJS.ReadableStream, {
      header: false,
      skipEmptyLines: 'greedy',
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        try {
          builder.add(results);
        } catch (error) {
          failed = true;
          reject(error); // first: abort() calls complete, which would resolve
          parser.abort();
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(new InPageError('INVALID_INPUT', `The CSV could not be read: ${error.message}`, 'tabular')),
    });
  });
  const reader = blob.stream().pipeThrough(new TextDecoderStream()).getReader();
  const encoder = new TextEncoder();
  const width = new RowWidth();
  let loaded = 0;
  let lastYield = performance.now();
  try {
    while (!failed) {
      signal?.throwIfAborted();
      const { value, done: ended } = await reader.read();
      if (ended) break;
      // Before Papa Parse sees the text: a row too wide is refused before it is built.
      width.scan(value);
      listeners.get('data')?.(value);
      loaded += encoder.encode(value).length;
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        onProgress?.({ phase: 'parse', loaded, total: blob.size, message: 'Reading the CSV' });
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (!failed) listeners.get('end')?.();
  await done;
  onProgress?.({ phase: 'parse', loaded: blob.size, total: blob.size, message: 'Reading the CSV' });
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

  add(results: Papa.ParseResult<string[]>): void {
    this.delimiter = results.meta.delimiter || this.delimiter;
    const quote = results.errors.find((e) => e.type === 'Quotes');
    if (quote) {
      const line = this.line + (quote.row ?? 0) + 1;
      const what = quote.code === 'MissingQuotes' ? 'opens a quoted field that is never closed' : 'has a quote in the wrong place';
      throw new InPageError('INVALID_INPUT', `Row ${line} ${what}. Check the quotes around that row (a field with a quote inside is written "like ""this""").`, 'tabular');
    }
    for (const row of results.data) {
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
