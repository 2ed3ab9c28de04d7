/**
 * The text service through the SDK in Chromium: the project's own spam model on real SpamAssassin mail,
 * semantic search that survives a reload, and a typed error for each bad input with the service still up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fixture, openSdk, type Answer } from './fixtures';
import type { InPage } from '../../src/client';

interface Email {
  label: 'spam' | 'ham';
  group: string;
  text: string;
}

const EMAILS = JSON.parse(fixture('text/spam-ham-sample.json').toString('utf8')) as Email[];

/** Calls `ai.text[method](...args)` on the page; errors come back as data. */
async function callText<T>(page: Page, method: keyof InPage['text'], ...args: unknown[]): Promise<Answer<T>> {
  return page.evaluate(
    async ({ method, args }) => {
      try {
        return { ok: true as const, value: (await (window.ai.text[method] as (...args: unknown[]) => Promise<unknown>)(...args)) as T };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message, service: error.service };
      }
    },
    { method, args },
  );
}

/** Calls `ai.text[method](file, options)` with a File built from the given bytes on the page. */
async function callWithFile<T>(page: Page, method: keyof InPage['text'], bytes: Buffer, name: string, options: object = {}): Promise<Answer<T>> {
  return page.evaluate(
    async ({ method, data, name, options }) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name);
      try {
        return { ok: true as const, value: (await (window.ai.text[method] as (...args: unknown[]) => Promise<unknown>)(file, options)) as T };
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
  const replica = await page.evaluate(async () => (await window.ai.metrics()).text!.replicas[0]!);
  expect(replica).toMatchObject({ model: 'spam-detector', backend: 'wasm' });
});

test('single mails sent at once are each answered as in one batch, and a cancelled one leaves the rest alone', async ({ page }) => {
  await openSdk(page);
  // Spam and ham in turn, so an answer given to the wrong call shows.
  const first12 = (label: Email['label']) => EMAILS.filter((e) => e.label === label).slice(0, 12);
  const ham = first12('ham');
  const mails = first12('spam').flatMap((spam, i) => [spam.text, ham[i]!.text]);
  const outcome = await page.evaluate(async (mails) => {
    const ai = window.ai;
    const batch = await ai.text.classify(mails, { model: 'spam-detector' });
    // One call per mail, all in flight together (the service joins them into model runs); the fifth is cancelled.
    const controller = new AbortController();
    const calls = mails.map((mail, i) =>
      ai.text.classify([mail], { model: 'spam-detector', batchSize: 1, ...(i === 4 && { signal: controller.signal }) }).then(
        ([answer]) => answer,
        (error: any) => error.code as string,
      ),
    );
    controller.abort();
    return { batch, one: await Promise.all(calls) };
  }, mails);
  expect(outcome.one[4]).toBe('CANCELLED');
  outcome.one.forEach((answer, i) => {
    if (i === 4) return;
    const expected = outcome.batch[i] as { labels: { label: string; score: number }[] };
    const got = answer as typeof expected;
    expect(got.labels.map((l) => l.label)).toEqual(expected.labels.map((l) => l.label));
    expect(got.labels[0]!.score).toBeCloseTo(expected.labels[0]!.score, 4);
  });
});

/** Held-out SpamAssassin mails (tests/fixtures/mail/SOURCES.md), raw with headers and MIME, never trained on. */
const HELD_OUT = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/mail/held-out-mails.json'), 'utf8')) as (Email & { file: string })[];

test('the spam detector reads held-out mail as a person would: half the hard-ham newsletters are ham, spam-2 is spam', async ({ page }) => {
  await openSdk(page);
  const results = value(await callText<{ labels: { label: string }[]; model: string }[]>(page, 'classify', HELD_OUT.map((e) => e.text), { model: 'spam-detector' }));
  const verdicts = HELD_OUT.map((mail, i) => ({ group: mail.group, file: mail.file, label: mail.label, said: results[i]!.labels[0]!.label }));
  console.log(verdicts.map((v) => `${v.group} ${v.file}: ${v.said}`).join('\n'));
  const newsletters = verdicts.filter((v) => v.group === 'hard-ham-1');
  const spam = verdicts.filter((v) => v.group === 'spam-2');
  expect(newsletters).toHaveLength(10);
  expect(spam).toHaveLength(5);
  // A fixed-stride sample, not picked for the answer: the model gets 65.6% of all hard-ham-1 right (REPORT.json) and
  // 5 of these 10; the old model, which read raw headers and markup, called 8 of the 10 spam (and 2 of the 5 spam ham).
  expect(newsletters.filter((v) => v.said === 'ham').length).toBeGreaterThanOrEqual(5);
  expect(spam.every((v) => v.said === 'spam')).toBe(true);
  expect(results.every((r) => r.model === 'spam-detector')).toBe(true);
});

test('semantic search finds the stored text closest in meaning, and the store survives a reload', async ({ page }) => {
  await openSdk(page);
  // Customer feedback on six topics; each query shares (almost) no words with the text it should find.
  const docs = [
    { id: 'late', text: 'Delivery took three weeks, far longer than you promised.' },
    { id: 'refund', text: 'Please return the money for the blender I sent back.' },
    { id: 'support', text: 'Your support team was friendly and solved my problem in minutes.' },
    { id: 'broken', text: 'The screen was cracked when I opened the box.' },
    { id: 'billing', text: 'You charged my card twice for the same order.' },
    { id: 'praise', text: 'Absolutely love this jacket, it fits perfectly and looks great.' },
  ];
  // USE lite is a small model: these are paraphrases it ranks right; misses are listed in the README.
  const checks = [
    { query: 'the package is late', top: 'late' },
    { query: 'I would like a refund', top: 'refund' },
    { query: 'the staff were very helpful', top: 'support' },
    { query: 'it came broken', top: 'broken' },
    { query: 'I was billed the wrong amount', top: 'billing' },
    { query: 'wonderful quality, highly recommended', top: 'praise' },
  ];
  // With no model named, the service embeds with a real sentence encoder: MiniLM where present, else USE lite (an npm dependency).
  const started = Date.now();
  const indexed = value(await callText<{ indexed: number; model: string }>(page, 'index', docs));
  console.log(`first index (model load + backend timing + 6 texts): ${Date.now() - started} ms`);
  expect(indexed.indexed).toBe(docs.length);
  expect(['text-embedding-minilm-l6', 'text-embedding-use-lite']).toContain(indexed.model);
  console.log(`search with ${indexed.model}`);

  const vector = value(await callText<number[][]>(page, 'embed', docs[0]!.text))[0]!;
  expect(Math.hypot(...vector)).toBeCloseTo(1, 4); // normalised

  const search = async (query: string) => value(await callText<{ id: string; text: string; score: number }[]>(page, 'search', query, { topK: 6 }));
  const found: string[] = [];
  for (const { query } of checks) {
    const hits = await search(query);
    console.log(`${query} → ${hits.map((h) => `${h.id} ${h.score.toFixed(3)}`).join(', ')}`);
    found.push(hits[0]!.id);
  }
  expect(found).toEqual(checks.map((c) => c.top));
  // A stored text finds itself first, at cosine 1.
  expect((await search(docs[3]!.text))[0]).toMatchObject({ id: 'broken', score: expect.closeTo(1, 4) });
  const before = await search(checks[0]!.query);

  await page.reload();
  await openSdk(page);
  expect(await search(checks[0]!.query)).toEqual(before);
  const stored = value(await callText<{ total: number; documents: { id: string }[] }>(page, 'listDocuments', { limit: 1000 }));
  expect(stored.total).toBe(docs.length);
  expect(stored.documents.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
  expect(value(await callText<{ total: number; documents: unknown[] }>(page, 'listDocuments', { limit: 2 })).documents).toHaveLength(2);

  const exported = await page.evaluate(async () => JSON.parse(await (await window.ai.text.exportData()).text()));
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

  // Over the model's limit: judged on its beginning, with a notice.
  const long = value(await callText<{ truncated?: boolean }[]>(page, 'classify', ['win money now '.repeat(2000), 'short'], spam));
  expect(long.map((r) => r.truncated ?? false)).toEqual([true, false]);
  expect(value(await callText<{ truncated?: boolean }[]>(page, 'sentiment', ['great '.repeat(600), 'fine']))[0]!.truncated).toBe(true);

  // Markup is text: classified, never run.
  const html = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> Meeting moved to 3pm';
  expect(value(await callText<unknown[]>(page, 'classify', html, spam))).toHaveLength(1);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();

  // A UTF-8 CSV with a quoted, comma-holding text column is read by its header.
  const csv = 'id,feedback\n1,"Great, fast delivery"\n2,"Click here to claim your FREE prize!!!"\n3,\n';
  expect(value(await callWithFile<unknown[]>(page, 'classify', Buffer.from(csv), 'feedback.csv', spam))).toHaveLength(2);

  // Still up, same replica.
  expect(value(await callText<unknown[]>(page, 'classify', 'hello again', spam))).toHaveLength(1);
  const status = await page.evaluate(async () => (await window.ai.metrics()).text);
  expect(status!.restarts).toBe(0);
});

test('a 10,000-row upload runs in batches with progress, and can be cancelled', async ({ page }) => {
  await openSdk(page);
  const rows = Array.from({ length: 10_000 }, (_, i) => `Comment ${i}: ${i % 2 ? 'the app keeps crashing when I upload photos' : 'WIN a FREE cruise, reply now'}`);
  const file = Buffer.from(`text\n${rows.join('\n')}\n`);
  const outcome = await page.evaluate(
    async ({ data }) => {
      const ai = window.ai;
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

/** The model metrics() says answered a task last on the text service's first replica. */
const answeredBy = (page: Page, task: string) =>
  page.evaluate(async (task) => (await window.ai.metrics()).text!.replicas[0]?.answeredBy?.[task] as string | undefined, task);

interface Judged {
  label?: string;
  score?: number;
  model?: string;
  truncated?: true;
  error?: { code: string; message: string };
}

test('sentiment answers with the shipped models: clear texts right, calibrated scores, and metrics name the model', async ({ page }) => {
  await openSdk(page);
  const texts = [
    'I love this product, it works wonderfully and the support team was great.',
    'Absolutely fantastic food and friendly staff, we will come back.',
    'One of the best films I have seen in years.',
    'Terrible. It broke after two days and nobody answered my emails.',
    'The food was cold and the waiter was rude.',
    'A boring, predictable movie with awful acting.',
  ];
  const results = value(await callText<Judged[]>(page, 'sentiment', texts));
  console.log(results.map((r, i) => `${r.label} ${r.score?.toFixed(3)} ${r.model}: ${texts[i]}`).join('\n'));
  expect(results.map((r) => r.label)).toEqual(['POSITIVE', 'POSITIVE', 'POSITIVE', 'NEGATIVE', 'NEGATIVE', 'NEGATIVE']);
  // Probabilities of the label given: above one half, below one.
  for (const r of results) {
    expect(r.score).toBeGreaterThan(0.5);
    expect(r.score).toBeLessThanOrEqual(1);
  }
  // DistilBERT SST-2 where this device has it, else the project's own model; metrics say which answered.
  expect(['text-sentiment-distilbert-sst2', 'text-sentiment-inpage']).toContain(results[0]!.model);
  // The replica's report reaches metrics() with its next heartbeat.
  await expect.poll(() => answeredBy(page, 'sentiment')).toBe(results[0]!.model);
});

test('zero-shot labels work without the NLI model, by embedding similarity, and say so', async ({ page }) => {
  await openSdk(page);
  const labels = ['a product', 'a movie', 'a restaurant'];
  const texts = ['The battery of this phone lasts two days.', 'The actors were great and the plot kept me guessing.', 'The waiter brought our soup cold and the dessert was stale.'];
  const results = value(await callText<{ labels: { label: string; score: number }[]; method: string; model: string }[]>(page, 'classify', texts, { labels }));
  expect(results.map((r) => r.labels[0]!.label)).toEqual(labels);
  for (const r of results) {
    expect(r.labels.map((l) => l.label).sort()).toEqual([...labels].sort());
    expect(r.labels.reduce((sum, l) => sum + l.score, 0)).toBeCloseTo(1, 5);
    expect(r.method === 'nli' ? r.model : 'text-embedding-use-lite').toBe(r.model);
  }
  await expect.poll(() => answeredBy(page, 'zeroShot')).toBe(results[0]!.model);
});

test('a batch answers every item: a too-long text judged on its beginning, empty and binary items with their own errors', async ({ page }) => {
  await openSdk(page);
  const mail = `Subject: our weekly newsletter\n\n${'Thanks for reading, here is what is new this week. '.repeat(2_000)}`;
  expect(mail.length).toBeGreaterThan(100_000);
  const batch = ['What a lovely surprise, thank you!', '   ', mail, 'PNG\u0000\u0001\u0002\u0003 binary', 'This is awful.'];
  const sentiments = value(await callText<Judged[]>(page, 'sentiment', batch));
  expect(sentiments).toHaveLength(batch.length);
  expect(sentiments[0]).toMatchObject({ label: 'POSITIVE' });
  expect(sentiments[1]).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringMatching(/#2 is empty/) } });
  expect(sentiments[2]).toMatchObject({ label: expect.any(String), truncated: true });
  expect(sentiments[3]).toMatchObject({ error: { code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/#4 is binary/) } });
  expect(sentiments[4]).toMatchObject({ label: 'NEGATIVE' });
  const spam = value(await callText<Judged[]>(page, 'classify', batch, { model: 'spam-detector' }));
  expect(spam.map((r) => r.error?.code ?? (r.truncated ? 'truncated' : 'ok'))).toEqual(['ok', 'INVALID_INPUT', 'truncated', 'UNSUPPORTED_FORMAT', 'ok']);
  // One text on its own still rejects with the code.
  const single = await callText(page, 'sentiment', mail);
  expect(single).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  expect(await callText(page, 'sentiment', '  ')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
});

test('a model that is really absent answers MODEL_UNAVAILABLE saying where to put it', async ({ page, context }) => {
  // MiniLM's files refused at every source, so this test means the same on a machine that mirrors them.
  await context.route('**/all-MiniLM-L6-v2/**', (route) => route.fulfill({ status: 404, body: 'absent' }));
  await openSdk(page);
  const answer = await callText(page, 'embed', 'hello', { model: 'text-embedding-minilm-l6' });
  expect(answer).toMatchObject({ ok: false, code: 'MODEL_UNAVAILABLE', service: 'text' });
  if (!answer.ok) expect(answer.message).toContain('npm run models:fetch');
  // The service is still up, and its own models still answer.
  expect(value(await callText<Judged[]>(page, 'sentiment', 'Lovely!'))[0]!.label).toBe('POSITIVE');
});
