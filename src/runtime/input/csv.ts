/**
 * The services' one CSV reader, so a file reads the same in every service: Papa Parse sniffs the delimiter
 * (comma, semicolon, tab, pipe), keeps RFC 4180 quoting and quoted fields that span chunks, and skips blank
 * lines. The bytes are decoded as UTF-8 chunk by chunk (a character split across chunks stays whole, a
 * leading BOM is dropped), and the reader yields between chunks so heartbeats and cancellation get through.
 * What a service does with the rows (a header, a text column, a table) is its own.
 */
import Papa from 'papaparse';
import { InPageError } from '../../core/errors';
import type { Progress } from '../../core/protocol';
import { RowWidth } from './csv-width';

const YIELD_EVERY_MS = 40;

export interface CsvChunk {
  rows: string[][];
  /** The delimiter sniffed from the first chunk. */
  delimiter: string;
}

export interface CsvOptions {
  /** The service named in the errors this reader throws. */
  service: string;
  /** A row with more fields is refused (TOO_LARGE) as its text streams in, before it is built. */
  maxColumns: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** Hands the rows to `onChunk` as they are read; a quote that is never closed or out of place is an INVALID_INPUT error. */
export async function readCsv(blob: Blob, onChunk: (chunk: CsvChunk) => void, { service, maxColumns, signal, onProgress }: CsvOptions): Promise<void> {
  // Papa Parse reads a Node-like stream (on/pause/resume); this one is fed from the Blob's byte stream below.
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
  let line = 0;
  const done = new Promise<void>((resolve, reject) => {
    Papa.parse(source as unknown as NodeJS.ReadableStream, {
      header: false,
      skipEmptyLines: 'greedy',
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        try {
          const quote = results.errors.find((e) => e.type === 'Quotes');
          if (quote) throw quoteError(line + (quote.row ?? 0) + 1, quote.code, service);
          line += results.data.length;
          onChunk({ rows: results.data, delimiter: results.meta.delimiter || ',' });
        } catch (error) {
          failed = true;
          reject(error); // first: abort() calls complete, which would resolve
          parser.abort();
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(new InPageError('INVALID_INPUT', `The CSV could not be read: ${error.message}`, service)),
    });
  });
  const reader = blob.stream().pipeThrough(new TextDecoderStream()).getReader();
  const encoder = new TextEncoder();
  const width = new RowWidth(maxColumns, service);
  let loaded = 0;
  let lastYield = performance.now();
  try {
    while (!failed) {
      signal?.throwIfAborted();
      const { value, done: ended } = await reader.read();
      if (ended) break;
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

function quoteError(line: number, code: string, service: string): InPageError {
  const what = code === 'MissingQuotes' ? 'opens a quoted field that is never closed' : 'has a quote in the wrong place';
  return new InPageError('INVALID_INPUT', `Row ${line} ${what}. Check the quotes around that row (a field with a quote inside is written "like ""this""").`, service);
}
