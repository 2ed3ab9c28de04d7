/** How the text service reads what it is given: texts, lists and files, and what it refuses (Node's real Blob/File and TextDecoder). */
import { describe, expect, it } from 'vitest';
import { InPageError } from '../../src/core/errors';
import { MAX_ROWS } from '../../workers/text/contract';
import { answerEach, readItems, readQuery, readTexts } from '../../workers/text/decode';
import { parseCsv as readTable } from '../../workers/tabular/parse';

const signal = new AbortController().signal;
const file = (bytes: string | Uint8Array<ArrayBuffer>, name: string, type = '') => new File([bytes], name, { type });

async function failure(pending: Promise<unknown>): Promise<InPageError> {
  const error = await pending.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InPageError);
  return error as InPageError;
}

describe('readTexts', () => {
  it('takes a text or a list as given, markup included', async () => {
    expect(await readTexts('  hello ', signal)).toEqual(['  hello ']);
    expect(await readTexts(['<script>alert(1)</script>', 'b'], signal)).toEqual(['<script>alert(1)</script>', 'b']);
  });

  it('refuses empty and blank texts, naming the row', async () => {
    expect((await failure(readTexts('', signal))).message).toBe('The text is empty.');
    expect((await failure(readTexts(' \t\n', signal))).message).toBe('The text is empty (only whitespace).');
    const row = await failure(readTexts(['fine', ' '], signal));
    expect([row.code, row.message]).toEqual(['INVALID_INPUT', 'Text #2 is empty (only whitespace).']);
    expect((await failure(readTexts([], signal))).code).toBe('INVALID_INPUT');
  });

  it('refuses texts over 100,000 characters and more rows than a request holds', async () => {
    expect((await failure(readTexts('x'.repeat(100_001), signal))).code).toBe('TOO_LARGE');
    expect((await failure(readTexts(Array.from({ length: MAX_ROWS + 1 }, () => 'x'), signal))).code).toBe('TOO_LARGE');
  });

  it('replaces lone surrogates instead of passing broken strings on', async () => {
    expect(await readTexts('ok \uD83D end', signal)).toEqual(['ok \uFFFD end']);
    expect(await readTexts('emoji 😀 stays', signal)).toEqual(['emoji 😀 stays']);
  });

  it('reads a text file line by line, skipping blank lines and a BOM', async () => {
    expect(await readTexts(file('\uFEFFfirst\r\n\n  second  \n', 'notes.txt'), signal)).toEqual(['first', 'second']);
  });

  it('reads the text column of a CSV by its header, quotes and all', async () => {
    const csv = 'id,Feedback,stars\n1,"Great, fast ""express"" delivery",5\n2,"two\nlines",1\n3,,2\n';
    expect(await readTexts(file(csv, 'f.csv'), signal)).toEqual(['Great, fast "express" delivery', 'two\nlines']);
    // No known column name: the first column, and a header-like first row is dropped.
    expect(await readTexts(file('comment_text,score\nslow app,1\n', 'g.csv'), signal)).toEqual(['slow app']);
    // A CSV without a header keeps its first row.
    expect(await readTexts(file('The app crashed, twice\nLove it\n', 'h', 'text/csv'), signal)).toEqual(['The app crashed', 'Love it']);
  });

  it('refuses files that are not UTF-8 text, saying where', async () => {
    const latin1 = await failure(readTexts(file(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]), 'l.txt'), signal));
    expect([latin1.code, latin1.message]).toEqual(['UNSUPPORTED_FORMAT', 'The file is not UTF-8 text (byte 3 cannot be read). Save it as UTF-8 and upload it again.']);
    const utf16 = await failure(readTexts(file(new Uint8Array([0xff, 0xfe, 0x68, 0x00]), 'u.txt'), signal));
    expect(utf16.code).toBe('UNSUPPORTED_FORMAT');
    const png = await failure(readTexts(file(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'p.txt'), signal));
    expect(png.message).toContain('binary');
    expect((await failure(readTexts(file('', 'e.txt'), signal))).message).toBe('The file is empty.');
    expect((await failure(readTexts(file('\n \n', 'b.txt'), signal))).message).toContain('only blank lines');
  });

  it('stops when the request was cancelled while reading', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readTexts(file('a\nb', 'x.txt'), controller.signal)).rejects.toThrow();
  });
});

describe('readItems and answerEach: a batch answers every item', () => {
  it('cuts an over-long text in a batch and marks it, gives empty and binary items their own errors', async () => {
    const long = 'a'.repeat(104_000);
    const items = await readItems(['fine', ' ', long, 'PNG\u0000\u0001 data'], signal);
    expect(items[0]).toEqual({ text: 'fine' });
    expect(items[1]).toMatchObject({ error: { code: 'INVALID_INPUT', message: 'Text #2 is empty (only whitespace).' } });
    expect(items[2]).toEqual({ text: 'a'.repeat(100_000), truncated: true });
    expect(items[3]).toMatchObject({ error: { code: 'UNSUPPORTED_FORMAT', message: 'Text #4 is binary data, not text.' } });

    const seen: string[][] = [];
    const answers = await answerEach(items, async (texts) => {
      seen.push(texts);
      return texts.map((t): { length: number; truncated?: true } => ({ length: t.length }));
    });
    expect(seen).toEqual([['fine', 'a'.repeat(100_000)]]);
    expect(answers).toEqual([
      { length: 4 },
      { error: { code: 'INVALID_INPUT', message: 'Text #2 is empty (only whitespace).' } },
      { length: 100_000, truncated: true },
      { error: { code: 'UNSUPPORTED_FORMAT', message: 'Text #4 is binary data, not text.' } },
    ]);
  });

  it('still rejects a single bad text, and a batch with nothing in it', async () => {
    expect((await failure(readItems('x'.repeat(100_001), signal))).code).toBe('TOO_LARGE');
    expect((await failure(readItems('  ', signal))).code).toBe('INVALID_INPUT');
    expect((await failure(readItems([], signal))).code).toBe('INVALID_INPUT');
    // Text in other scripts is text, not binary.
    expect(await readItems(['Привет, 你好, مرحبا'], signal)).toEqual([{ text: 'Привет, 你好, مرحبا' }]);
  });
});

describe('readQuery', () => {
  it('checks a query like a text', () => {
    expect(readQuery('late delivery')).toBe('late delivery');
    expect(() => readQuery('  ')).toThrow('The search query is empty (only whitespace).');
  });
});

describe('a CSV reads the same in the text and the tabular service (src/runtime/input/csv.ts)', () => {
  it('sniffs the delimiter and drops a BOM, as tabular does', async () => {
    const csv = '\uFEFFfeedback;stars\r\n"Late, and ""damaged""";1\r\n"Fast; friendly";5\r\n';
    expect(await readTexts(file(csv, 'semicolons.csv'), signal)).toEqual(['Late, and "damaged"', 'Fast; friendly']);
    const table = await readTable(file(csv, 'semicolons.csv'));
    expect([table.delimiter, table.columns.map((column) => column.name)]).toEqual([';', ['feedback', 'stars']]);
    expect(await readTexts(file('feedback\ttag\nslow app\tapp\nkind staff\tstaff\n', 'tabs.csv'), signal)).toEqual(['slow app', 'kind staff']);
  });

  it('keeps quoted line breaks and refuses a quote that is never closed', async () => {
    expect(await readTexts(file('text,n\r\n"c\r\nd",1\r\n', 'crlf.csv'), signal)).toEqual(['c\r\nd']);
    const open = await failure(readTexts(file('text,n\n"never closed,1\nnext,2\n', 'open.csv'), signal));
    expect([open.code, open.service, open.message]).toEqual(['INVALID_INPUT', 'text', expect.stringMatching(/^Row 2 opens a quoted field that is never closed/)]);
  });
});
