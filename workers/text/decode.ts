/**
 * Turns what a caller sent into a list of texts, refusing what cannot be read: empty or blank texts,
 * files that are not UTF-8 text (binary, Latin-1, UTF-16), and more rows than a request may hold.
 * Markup is only ever text here: nothing is parsed as HTML.
 */
import { InPageError } from '../../src/core/errors';
import { readCsv } from '../../src/runtime/input/csv';
import { MAX_FILE_BYTES, MAX_ROWS, MAX_TEXT_CHARS, type ItemError, type TextInput } from './contract';

/** One text of a batch: readable (perhaps cut to its beginning), or the typed reason it cannot be judged. */
export type TextItem = { text: string; truncated?: true } | { error: InPageError };

/** Column names that hold the text in an uploaded CSV, tried in order; otherwise the first column. */
/** A CSV of texts needs a handful of columns; a row of more is refused before it is built. */
const MAX_CSV_COLUMNS = 1000;
const TEXT_COLUMNS = ['text', 'comment', 'comments', 'feedback', 'review', 'message', 'body'];

export async function readTexts(input: TextInput, signal: AbortSignal): Promise<string[]> {
  const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input : await readFile(input, signal);
  signal.throwIfAborted();
  if (!texts.length) throw invalid('There is no text to analyse.');
  if (texts.length > MAX_ROWS) throw new InPageError('TOO_LARGE', `${texts.length.toLocaleString('en')} texts; at most ${MAX_ROWS.toLocaleString('en')} per request.`, 'text');
  return texts.map((text, i) => checkText(text, texts.length > 1 ? `Text #${i + 1}` : 'The text'));
}

/**
 * Like readTexts, but a batch (a list or a file) keeps going past a bad item: an over-long text is cut to its
 * beginning and marked, an empty or binary one carries its own error. A single string still throws its error.
 */
export async function readItems(input: TextInput, signal: AbortSignal): Promise<TextItem[]> {
  if (typeof input === 'string') return [{ text: checkText(input, 'The text') }];
  const texts = Array.isArray(input) ? input : await readFile(input, signal);
  signal.throwIfAborted();
  if (!texts.length) throw invalid('There is no text to analyse.');
  if (texts.length > MAX_ROWS) throw new InPageError('TOO_LARGE', `${texts.length.toLocaleString('en')} texts; at most ${MAX_ROWS.toLocaleString('en')} per request.`, 'text');
  return texts.map((text, i) => {
    if (text.length > MAX_TEXT_CHARS) return { text: checkText(text.slice(0, MAX_TEXT_CHARS), `Text #${i + 1}`), truncated: true as const };
    try {
      return { text: checkText(text, `Text #${i + 1}`) };
    } catch (error) {
      return { error: InPageError.from(error, 'text') };
    }
  });
}

/** Runs `work` on the readable items only and puts each answer (or item error) back in its place. */
export async function answerEach<R extends { truncated?: true }>(items: TextItem[], work: (texts: string[]) => Promise<R[]>): Promise<(R | ItemError)[]> {
  const readable = items.filter((item): item is { text: string; truncated?: true } => 'text' in item);
  const answers = readable.length ? await work(readable.map((item) => item.text)) : [];
  let next = 0;
  return items.map((item) => {
    if ('error' in item) return { error: { code: item.error.code, message: item.error.message } };
    const answer = answers[next++]!;
    return item.truncated ? { ...answer, truncated: true } : answer;
  });
}

/** A single text (a search query): the same checks. */
export function readQuery(query: string): string {
  return checkText(query, 'The search query');
}

function checkText(text: string, what: string): string {
  if (!text.trim()) throw invalid(`${what} is empty${text ? ' (only whitespace)' : ''}.`);
  if (looksBinary(text)) throw new InPageError('UNSUPPORTED_FORMAT', `${what} is binary data, not text.`, 'text');
  if (text.length > MAX_TEXT_CHARS) {
    throw new InPageError('TOO_LARGE', `${what} has ${text.length.toLocaleString('en')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en')} are accepted (longer texts are judged on their beginning anyway).`, 'text');
  }
  // Lone surrogates (a string cut mid-character) become U+FFFD rather than confusing the tokenizer.
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

async function readFile(file: Blob, signal: AbortSignal): Promise<string[]> {
  if (file.size === 0) throw invalid('The file is empty.');
  if (file.size > MAX_FILE_BYTES) {
    throw new InPageError('TOO_LARGE', `The file is ${(file.size / 1048576).toFixed(1)} MB; text files up to ${MAX_FILE_BYTES / 1048576} MB are accepted.`, 'text');
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const content = decodeUtf8(bytes);
  const name = (file as File).name ?? '';
  const isCsv = /\.csv$/i.test(name) || file.type === 'text/csv';
  const texts = isCsv ? csvTexts(await csvRows(file, signal)) : content.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (!texts.length) throw invalid('The file has no text in it, only blank lines.');
  return texts;
}

function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    throw new InPageError('UNSUPPORTED_FORMAT', 'This file is binary, not text. Upload a .txt or .csv file saved as UTF-8.', 'text');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstBadByte(bytes);
    throw new InPageError(
      'UNSUPPORTED_FORMAT',
      `The file is not UTF-8 text (byte ${at} cannot be read). Save it as UTF-8 and upload it again.`,
      'text',
      { offset: at },
    );
  }
}

/** NUL characters, or mostly control characters and U+FFFD (bytes decoded as text), are not language. */
function looksBinary(text: string): boolean {
  if (text.includes('\0')) return true;
  const sample = text.slice(0, 4096);
  let junk = 0;
  for (const c of sample) {
    const code = c.charCodeAt(0);
    if ((code >= 1 && code <= 8) || (code >= 14 && code <= 31) || code === 0xfffd) junk += 1;
  }
  return junk > 8 && junk / sample.length > 0.1;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstBadByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (!length || i + length > bytes.length) return i;
    for (let j = 1; j < length; j += 1) if ((bytes[i + j]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return bytes.length;
}

/** A CSV's rows, read as the tabular service reads them (src/runtime/input/csv.ts): the same file, the same rows. */
async function csvRows(file: Blob, signal: AbortSignal): Promise<string[][]> {
  const rows: string[][] = [];
  await readCsv(file, (chunk) => rows.push(...chunk.rows), { service: 'text', maxColumns: MAX_CSV_COLUMNS, signal });
  return rows;
}

/** The text column of a CSV, header row dropped, blank cells skipped. */
function csvTexts(rows: string[][]): string[] {
  if (!rows.length) return [];
  const header = rows[0]!.map((cell) => cell.trim().toLowerCase());
  const named = TEXT_COLUMNS.map((name) => header.indexOf(name)).find((i) => i >= 0);
  const column = named ?? 0;
  const body = named !== undefined || looksLikeHeader(header) ? rows.slice(1) : rows;
  return body.map((row) => (row[column] ?? '').trim()).filter(Boolean);
}

/** Without a known column name, a first row of single-word cells (`comment_text,score`) is taken as a header. */
function looksLikeHeader(cells: string[]): boolean {
  return cells.length > 1 && cells.every((cell) => /^[a-z_][a-z0-9_-]{0,40}$/.test(cell));
}

function invalid(message: string): InPageError {
  return new InPageError('INVALID_INPUT', message, 'text');
}
