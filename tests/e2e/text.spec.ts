/**
 * The text service through the SDK in Chromium: the project's own spam model on real SpamAssassin mail,
 * semantic search that survives a reload, and a typed error for each bad input with the service still up.
 */
import { expect, test, type Page } from '@playwright/test';
import { fixture, openSdk, type Answer } from './fixtures';

interface Email {
  label: 'spam' | 'ham';
  group: string;
  text: string;
}

const EMAILS = JSON.parse(fixture('text/spam-ham-sample.json').toString('utf8')) as Email[];

/** Calls `ai.text[method](...args)` on the page; errors come back as data. */
async function callText<T>(page: Page, method: string, ...args: unknown[]): Promise<Answer<T>> {
  return page.evaluate(
    async ({ method, args }) => {
      try {
        return { ok: true as const, value: await (window as any).ai.text[method](...args) };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message, service: error.service };
      }
    },
    { method, args },
  );
}

/** Calls `ai.text[method](file, options)` with a File built from the given bytes on the page. */
async function callWithFile<T>(page: Page, method: string, bytes: Buffer, name: string, options: object = {}): Promise<Answer<T>> {
  return page.evaluate(
    async ({ method, data, name, options }) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name);
      try {
        return { ok: true as const, value: await (window as any).ai.text[method](file, options) };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message, service: error.service };
      }
    },
    { method, data: bytes.toString('base64'), name, options },
  );
}

function value<T>(answer: Answer<T>): T {
  if (!answer.ok) throw new Error(`${answer.code}: ${answer.message}`);
  return answer.value;
}

test('the spam detector labels at least 80% of the SpamAssassin sample right, through the SDK', async ({ page }) => {
  await openSdk(page);
  const results = value(await callText<{ labels: { label: string; score: number }[] }[]>(page, 'classify', EMAILS.map((e) => e.text), { model: 'spam-detector' }));
  expect(results).toHaveLength(EMAILS.length);
  const right = results.filter((r, i) => r.labels[0]!.label === EMAILS[i]!.label).length;
  console.log(`spam-detector: ${right}/${EMAILS.length} right (${((100 * right) / EMAILS.length).toFixed(1)}%)`);
  expect(right / EMAILS.length).toBeGreaterThanOrEqual(0.8);
  // Both labels, best first, summing to one.
  for (const r of results) {
    expect(r.labels.map((l) => l.label).sort()).toEqual(['ham', 'spam']);
    expect(r.labels[0]!.score).toBeGreaterThanOrEqual(r.labels[1]!.score);
    expect(r.labels[0]!.score + r.labels[1]!.score).toBeCloseTo(1, 5);
  }
  const replica = await page.evaluate(async () => (await (window as any).ai.metrics()).text.replicas[0]);
  expect(replica).toMatchObject({ model: 'spam-detector', backend: 'wasm' });
});

test('semantic search finds the stored text closest in meaning, and the store survives a reload', async ({ page }) => {
  await openSdk(page);
  // all-MiniLM-L6-v2 where its files are present; otherwise the embedding this device can honestly run.
  const minilm = await callText<number[][]>(page, 'embed', 'probe');
  const model = minilm.ok ? undefined : 'spam-detector';
  if (!minilm.ok) expect(minilm.code).toBe('MODEL_UNAVAILABLE');
  console.log(`search with ${model ?? 'text-embedding-minilm-l6'}`);

  const docs = model
    ? EMAILS.map((e, i) => ({ id: `${e.label}-${i}`, text: e.text }))
    : [
        { id: 'broken', text: 'The package arrived with the screen cracked and the box crushed.' },
        { id: 'refund', text: 'I was charged twice this month and want my money back.' },
        { id: 'praise', text: 'Your support team was friendly and solved my problem in minutes.' },
        { id: 'slow', text: 'Delivery took three weeks, far longer than promised.' },
      ];
  const indexed = value(await callText<{ indexed: number; model: string }>(page, 'index', docs, { model }));
  expect(indexed.indexed).toBe(docs.length);

  const vector = value(await callText<number[][]>(page, 'embed', docs[0]!.text, { model }))[0]!;
  expect(Math.hypot(...vector)).toBeCloseTo(1, 4); // normalised

  const search = async (query: string) => value(await callText<{ id: string; text: string; score: number }[]>(page, 'search', query, { topK: 5, model }));
  let checks: { query: string; top: string }[];
  if (model) {
    // A stored email finds itself first; its nearest neighbours are mostly mail of the same kind.
    checks = [EMAILS[0]!, EMAILS[20]!].map((e) => ({ query: e.text, top: docs[EMAILS.indexOf(e)]!.id }));
    for (const { query, top } of checks) {
      const hits = await search(query);
      expect(hits[0]).toMatchObject({ id: top, text: query });
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      const kind = top.split('-')[0]!;
      expect(hits.filter((h) => h.id.startsWith(kind)).length).toBeGreaterThanOrEqual(3);
    }
  } else {
    checks = [
      { query: 'my order came damaged', top: 'broken' },
      { query: 'billing error, please refund', top: 'refund' },
      { query: 'great helpful service', top: 'praise' },
    ];
    for (const { query, top } of checks) expect((await search(query))[0]!.id, query).toBe(top);
  }
  const before = await search(checks[0]!.query);

  await page.reload();
  await openSdk(page);
  expect(await search(checks[0]!.query)).toEqual(before);
  const stored = value(await callText<{ total: number; documents: { id: string }[] }>(page, 'documents', { limit: 1000 }));
  expect(stored.total).toBe(docs.length);
  expect(stored.documents.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
  expect(value(await callText<{ total: number; documents: unknown[] }>(page, 'documents', { limit: 2 })).documents).toHaveLength(2);

  const exported = await page.evaluate(async () => JSON.parse(await (await (window as any).ai.text.exportData()).text()));
  expect(exported.stores.documents.records).toHaveLength(docs.length);
  const cleared = value(await callText<{ stores: { name: string; records: number }[] }>(page, 'clearData'));
  expect(cleared.stores.find((s) => s.name === 'documents')?.records).toBe(0);
  expect(await search(checks[0]!.query)).toEqual([]);
});

test('each bad input gets its error code and the service stays up', async ({ page }) => {
  await openSdk(page);
  const spam = { model: 'spam-detector' };
  const cases: [string, Promise<Answer<unknown>>, string, RegExp?][] = [
    ['empty text', callText(page, 'classify', '', spam), 'INVALID_INPUT', /empty/],
    ['whitespace', callText(page, 'classify', ' \n\t ', spam), 'INVALID_INPUT', /whitespace/],
    ['no texts', callText(page, 'classify', [], spam), 'INVALID_INPUT'],
    ['a blank row', callText(page, 'classify', ['fine', '  '], spam), 'INVALID_INPUT', /#2/],
    ['a number', callText(page, 'classify', 42, spam), 'INVALID_INPUT'],
    ['neither labels nor model', callText(page, 'classify', 'hello'), 'INVALID_INPUT', /labels/],
    ['an unknown model', callText(page, 'classify', 'hello', { model: 'nope' }), 'INVALID_INPUT', /spam-detector/],
    ['one label', callText(page, 'classify', 'hello', { labels: ['only'] }), 'INVALID_INPUT', /two labels/],
    ['too long', callText(page, 'classify', 'x'.repeat(100_001), spam), 'TOO_LARGE', /100,000/],
    ['an empty query', callText(page, 'search', '   '), 'INVALID_INPUT', /query/],
    ['an empty file', callWithFile(page, 'classify', Buffer.alloc(0), 'empty.txt', spam), 'INVALID_INPUT', /empty/],
    ['Latin-1 bytes', callWithFile(page, 'classify', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), 'latin1.txt', spam), 'UNSUPPORTED_FORMAT', /UTF-8.*byte 3/],
    ['a PNG', callWithFile(page, 'classify', fixture('images/coffee.png'), 'coffee.txt', spam), 'UNSUPPORTED_FORMAT', /binary/],
    ['blank lines only', callWithFile(page, 'classify', Buffer.from('\n \n\n'), 'blank.txt', spam), 'INVALID_INPUT', /blank/],
  ];
  for (const [name, pending, code, message] of cases) {
    const answer = await pending;
    expect(answer.ok, name).toBe(false);
    if (answer.ok) continue;
    expect(answer.code, `${name}: ${answer.message}`).toBe(code);
    expect(answer.service, name).toBe('text');
    if (message) expect(answer.message, name).toMatch(message);
  }

  // A default model that is not on this device says what to do; one that is answers.
  const sentiment = await callText<{ label: string }[]>(page, 'sentiment', 'I love it');
  if (!sentiment.ok) {
    expect(sentiment.code).toBe('MODEL_UNAVAILABLE');
    expect(sentiment.message).toContain('public/models/Xenova/distilbert-base-uncased-finetuned-sst-2-english/');
  } else expect(sentiment.value[0]!.label).toBe('POSITIVE');

  // Over the model's limit: judged on its beginning, with a notice.
  const long = value(await callText<{ truncated?: boolean }[]>(page, 'classify', ['win money now '.repeat(2000), 'short'], spam));
  expect(long.map((r) => r.truncated ?? false)).toEqual([true, false]);

  // Markup is text: classified, never run.
  const html = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> Meeting moved to 3pm';
  expect(value(await callText<unknown[]>(page, 'classify', html, spam))).toHaveLength(1);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();

  // A UTF-8 CSV with a quoted, comma-holding text column is read by its header.
  const csv = 'id,feedback\n1,"Great, fast delivery"\n2,"Click here to claim your FREE prize!!!"\n3,\n';
  expect(value(await callWithFile<unknown[]>(page, 'classify', Buffer.from(csv), 'feedback.csv', spam))).toHaveLength(2);

  // Still up, same replica.
  expect(value(await callText<unknown[]>(page, 'classify', 'hello again', spam))).toHaveLength(1);
  const status = await page.evaluate(async () => (await (window as any).ai.metrics()).text);
  expect(status.restarts).toBe(0);
});

test('a 10,000-row upload runs in batches with progress, and can be cancelled', async ({ page }) => {
  await openSdk(page);
  const rows = Array.from({ length: 10_000 }, (_, i) => `Comment ${i}: ${i % 2 ? 'the app keeps crashing when I upload photos' : 'WIN a FREE cruise, reply now'}`);
  const file = Buffer.from(`text\n${rows.join('\n')}\n`);
  const outcome = await page.evaluate(
    async ({ data }) => {
      const ai = (window as any).ai;
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'upload.csv', { type: 'text/csv' });
      const progress: number[] = [];
      const results = await ai.text.classify(file, { model: 'spam-detector', batchSize: 64, onProgress: (p: any) => p.phase === 'infer' && progress.push(p.loaded) });

      const controller = new AbortController();
      let seen = 0;
      const cancelled = await ai.text
        .classify(file, {
          model: 'spam-detector',
          signal: controller.signal,
          onProgress: (p: any) => {
            if (p.phase === 'infer' && (seen += 1) === 3) controller.abort();
          },
        })
        .then(() => 'finished', (error: any) => error.code);
      const after = await ai.text.classify('still here?', { model: 'spam-detector' });
      return { count: results.length, progress, cancelled, seen, after: after.length };
    },
    { data: file.toString('base64') },
  );
  expect(outcome.count).toBe(10_000);
  expect(outcome.progress.length).toBeGreaterThan(100);
  expect(outcome.progress.at(-1)).toBe(10_000);
  expect(outcome.cancelled).toBe('CANCELLED');
  expect(outcome.after).toBe(1);
});
