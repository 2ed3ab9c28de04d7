/**
 * Abuse suite, hostile inputs per file type (images, audio, CSV, text, JSON imports), through the SDK
 * with real workers: each gets a typed error or a real answer, none hangs, and stored data survives
 * every refused import. Then the same kind of payloads through the shell's pages: no script runs.
 */
import { expect, test } from '@playwright/test';
import { b64, callImage, fixture, manifest, openSdk, replaceShippedFile } from './fixtures';
import { lyingFlac, lyingMp3, lyingOgg } from '../fixtures/lying-audio';
import { files, hugePngHeader, manyPixelPng, SCRIPT, wav } from './abuse/hostile';
import { asCases, probe, type HostileCase } from './abuse/probe';
import { record } from './abuse/tally';

const SPAM = { model: 'spam-detector' };

const IMAGES: HostileCase[] = [
  { name: 'empty image file', call: `return ai.image.classify(blob('', 'image/png'))` },
  { name: 'text posing as a PNG', call: `return ai.image.classify(blob(input, 'image/png'))`, data: files.text('not an image at all') },
  { name: 'truncated PNG', call: `return ai.image.classify(blob(input, 'image/png'))`, data: files.truncatedPng() },
  { name: 'SVG with a script', call: `return ai.image.classify(blob(input, 'image/svg+xml'))`, data: files.svg() },
  { name: 'HTML named as a JPEG', call: `return ai.image.classify(blob(input, 'image/jpeg'))`, data: files.html() },
  { name: 'PNG header claiming 60000×60000', call: `return ai.image.classify(blob(input, 'image/png'))`, data: hugePngHeader(60_000, 60_000) },
  { name: 'a number instead of an image', call: `return ai.image.classify(42)` },
  { name: '65 MB of zeros as an image', call: `return ai.image.classify(new Blob([new Uint8Array(65 * 1048576)], { type: 'image/png' }))` },
  { name: 'detect on random bytes', call: `return ai.image.detect(blob(input, 'image/jpeg'))`, data: files.random(5000) },
];

const AUDIO: HostileCase[] = [
  { name: 'empty audio file', call: `return ai.speech.recognize(blob('', 'audio/wav'))` },
  { name: 'text posing as WAV', call: `return ai.speech.recognize(blob(input, 'audio/wav'))`, data: files.text('RIFF but not really') },
  { name: 'WAV header without audio', call: `return ai.speech.recognize(blob(input, 'audio/wav'))`, data: wav(1, 8000, 0).slice(0, 60) },
  { name: 'WAV claiming 4 GB with 1 s present', call: `return ai.speech.recognize(blob(input, 'audio/wav'))`, data: wav(500_000, 8000, 8000) },
  { name: '40 s WAV for a 30 s command', call: `return ai.speech.recognize(blob(input, 'audio/wav'))`, data: wav(40) },
  { name: '12-minute low-rate WAV to transcribe (header says too long)', call: `return ai.speech.transcribe(blob(input, 'audio/wav'))`, data: wav(720) },
  { name: '6 MB of random bytes named MP3', call: `return ai.speech.recognize(new Blob([new Uint8Array(6 * 1048576).fill(7)], { type: 'audio/mpeg' }))` },
  { name: 'samples full of NaN', call: `return ai.speech.recognize({ samples: new Float32Array(16000).fill(NaN), sampleRate: 16000 })` },
  { name: 'a sample rate of zero', call: `return ai.speech.recognize({ samples: new Float32Array(16000), sampleRate: 0 })` },
  { name: 'custom-word import of garbage', call: `return ai.speech.importModel(blob(input, 'application/json'))`, data: files.text('{"format":"inpage-speech-custom-words","version":1}') },
];

const CSV: HostileCase[] = [
  { name: 'empty CSV', call: `return ai.tabular.profile(blob('', 'text/csv'))` },
  { name: 'PNG bytes as CSV', call: `return ai.tabular.profile(blob(input, 'text/csv'))`, data: files.pngBytes() },
  {
    name: 'formulas and HTML in cells',
    call: `return ai.tabular.profile(blob(input, 'text/csv'), { target: 'label' })`,
    data: files.text(`name,note,label\n=1+1,"${SCRIPT.replace(/"/g, '""')}",a\n+cmd|' /C calc'!A0,@SUM(1),b\n-2,ok,a\nx,y,b\n`),
  },
  { name: 'mostly ragged rows', call: `return ai.tabular.profile(blob(input, 'text/csv'))`, data: files.text('a,b,c\n1\n2,3,4,5,6\n7\n8,9\n1,2,3\n') },
  { name: '5,000 columns', call: `return ai.tabular.profile(blob(input, 'text/csv'))`, data: files.text(`${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(4999)}1\n`) },
  { name: 'an unclosed quote', call: `return ai.tabular.profile(blob(input, 'text/csv'))`, data: files.text('"a,b\n1,2\n3,4\n') },
  { name: 'a target that is not a column', call: `return ai.tabular.profile(blob(input, 'text/csv'), { target: 'nope' })`, data: files.text('a,b\n1,2\n3,4\n') },
  { name: 'one row of 8 MB of commas', call: `return ai.tabular.profile(new Blob([new Uint8Array(8 * 1048576).fill(44)], { type: 'text/csv' }))` },
  { name: '81 MB CSV', call: `return ai.tabular.profile(new Blob([new Uint8Array(81 * 1048576).fill(44)], { type: 'text/csv' }))` },
  { name: 'train on one row', call: `return ai.tabular.train({ csv: blob(input, 'text/csv'), target: 'b' })`, data: files.text('a,b\n1,2\n') },
];

const TEXT: HostileCase[] = [
  { name: 'empty text', call: `return ai.text.classify('', ${JSON.stringify(SPAM)})` },
  { name: '200,000 characters', call: `return ai.text.classify('x'.repeat(200000), ${JSON.stringify(SPAM)})` },
  { name: 'binary file as .txt', call: `return ai.text.read(new File([blob(input)], 'notes.txt', { type: 'text/plain' }))`, data: files.random(4096) },
  { name: 'UTF-16 file', call: `return ai.text.read(new File([blob(input)], 'notes.txt', { type: 'text/plain' }))`, data: files.utf16('hello\nworld\n') },
  { name: 'NUL, bidi overrides and zero-width characters', call: `return ai.text.classify('a\\u0000b\\u202Egnp.exe\\u200B\\uFEFF', ${JSON.stringify(SPAM)})` },
  { name: 'HTML and script in text', call: `return ai.text.classify(input, ${JSON.stringify(SPAM)})`, data: SCRIPT },
  { name: '60,000 texts in one call', call: `return ai.text.classify(Array.from({ length: 60000 }, () => 'hi'), ${JSON.stringify(SPAM)})` },
  { name: 'search asking for a billion hits', call: `return ai.text.search('x', { topK: 1e9 })` },
  { name: 'an id of 10,000 characters', call: `return ai.text.index([{ id: 'i'.repeat(10000), text: 'hello' }])` },
];

test('hostile images, audio, CSV and text: each gets a typed error or an answer, none hangs', async ({ page }) => {
  test.setTimeout(600_000);
  await openSdk(page);
  for (const [suite, cases] of [
    ['hostile images', IMAGES],
    ['hostile audio', AUDIO],
    ['hostile CSV', CSV],
    ['hostile text', TEXT],
  ] as const) {
    const settled = await probe(page, cases);
    for (const s of settled) console.log(`${suite} / ${s.name}: ${s.outcome}${s.code ? ` ${s.code}` : ''}${s.message ? ` (${s.message.slice(0, 100)})` : ''}`);
    record(...asCases(suite, settled));
    expect(settled.filter((s) => s.outcome === 'hang' || s.outcome === 'untyped').map((s) => `${s.name}: ${s.outcome} ${s.message ?? ''}`)).toEqual([]);
  }
  // Long audio is refused from its header, before the browser decodes it.
  const header = await probe(page, [AUDIO[5]!]);
  expect(header[0]).toMatchObject({ outcome: 'typed', code: 'TOO_LARGE' });
  expect(header[0]!.message).toContain('header');
  // Every service still answers after all of that.
  const after = await page.evaluate(async () => {
    const ai = window.ai;
    const [image, text] = await Promise.all([ai.image.classify(new ImageData(64, 64), { topK: 1 }), ai.text.classify(['See you at lunch'], { model: 'spam-detector' })]);
    return [image.length, text.length];
  });
  expect(after).toEqual([1, 1]);
  expect(await page.evaluate(() => (window as any).__ran ?? 0)).toBe(0);
});

test('audio that lies about its length is TOO_LARGE before decoding, saying how long it is; honest FLAC, MP3 and Ogg still transcribe', async ({ page }) => {
  test.setTimeout(300_000);
  await openSdk(page);
  const transcribe = (type: string) => `return ai.speech.transcribe(blob(input, '${type}'))`;
  const LIARS: HostileCase[] = [
    // 10,000 constant frames of 65,535 samples in 140 KB: 11 hours, 2.6 GB decoded.
    { name: 'FLAC whose STREAMINFO says 0 samples, 10,000 constant frames', call: transcribe('audio/flac'), data: b64(lyingFlac(10_000)) },
    { name: 'FLAC whose STREAMINFO says 1 s, 200 frames (14 minutes)', call: transcribe('audio/flac'), data: b64(lyingFlac(200, 16_000)) },
    // 800 pages of 255 packets of 120 ms: 6.8 hours of Opus in 640 KB, then a last page whose granule says 0.
    { name: 'Ogg Opus of 6.8 hours ending in a page of granule 0', call: transcribe('audio/ogg'), data: b64(lyingOgg(800)) },
    { name: 'MP3 whose Xing tag says 10 frames, 9,000 frames (10.8 minutes)', call: transcribe('audio/mpeg'), data: b64(lyingMp3(9000, 10)) },
  ];
  const settled = await probe(page, LIARS, 120_000);
  for (const s of settled) console.log(`hostile audio / ${s.name}: ${s.outcome}${s.code ? ` ${s.code}` : ''}${s.message ? ` (${s.message})` : ''}`);
  record(...asCases('hostile audio', settled));
  // Refused from the counted frames, before decoding, with the length and the cap a person can read.
  for (const s of settled) {
    expect(s, s.name).toMatchObject({ outcome: 'typed', code: 'TOO_LARGE' });
    expect(s.message, s.name).toMatch(/^The audio is [\d.]+ minutes long \((flac|ogg|mp3), counted frame by frame\); this accepts up to 10\.0 minutes\./);
  }
  expect(settled.map((s) => Number(/is ([\d.]+) minutes/.exec(s.message ?? '')?.[1]))).toEqual([682.7, 13.7, 408, 10.8].map((m) => expect.closeTo(m, 0)));

  // The page keeps answering, and the same sentence as WAV, FLAC, MP3 and Ogg Vorbis comes back as words.
  const sentence: Record<string, [data: string, type: string]> = Object.fromEntries(
    (['wav', 'flac', 'mp3', 'ogg'] as const).map((ext) => [ext, [b64(fixture(`audio/sentence-fox.${ext}`)), `audio/${ext === 'mp3' ? 'mpeg' : ext}`]]),
  );
  const honest = await page.evaluate(async (files) => {
    const out: Record<string, { text: string; seconds: number }> = {};
    for (const [name, [data, type]] of Object.entries(files)) {
      const t = await window.ai.speech.transcribe(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type }));
      out[name] = { text: t.text, seconds: t.seconds };
    }
    return out;
  }, sentence);
  console.log(honest);
  expect(honest.wav!.text.split(' ').length).toBeGreaterThan(3);
  expect(honest.flac).toEqual(honest.wav);
  for (const lossy of [honest.mp3!, honest.ogg!]) {
    expect(lossy.seconds).toBeCloseTo(honest.wav!.seconds, 0);
    expect(lossy.text.split(' ').length).toBeGreaterThan(3);
  }
});

test('a model file served larger than its manifest declares reaches the caller as TOO_LARGE, nothing is cached, and the next load works', async ({ page }) => {
  test.setTimeout(300_000);
  const classifier = manifest('mobilenet-v1-0.75-224');
  const shard = classifier.files.find((f) => f.path === 'weights.bin')!;
  await replaceShippedFile(page, shard.sha256!, 'x'.repeat(shard.bytes! + 65_536), 'application/octet-stream');
  await openSdk(page, `?model=${classifier.id}`);
  const answer = await callImage(page, 'classify', fixture('images/coffee.png'), 'image/png');
  console.log(`hostile model files / oversized weight file: ${answer.ok ? 'answered' : `${answer.code} (${answer.message})`}`);
  record({ suite: 'hostile model files', name: 'a weight file larger than its manifest declares', outcome: answer.ok ? 'answered' : 'typed', ...(answer.ok ? {} : { code: answer.code }) });
  expect(answer).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  expect(answer.ok || answer.message).toContain(`${shard.path} is ${(shard.bytes! + 65_536).toLocaleString('en')} bytes or more, larger than the ${shard.bytes!.toLocaleString('en')} bytes its manifest declares`);
  const cached = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done) => (indexedDB.open('inpage-image').onsuccess = (e: any) => done(e.target.result)));
    return new Promise<unknown[]>((done) => (db.transaction('models').objectStore('models').getAllKeys().onsuccess = (e: any) => done(e.target.result)));
  });
  expect(cached).toEqual([]);
  // Served right again, the same page loads the model and answers (a start that failed waits for a restart or a few seconds).
  await page.unrouteAll();
  await page.evaluate(() => window.ai.restart('image'));
  const again = await callImage<unknown[]>(page, 'classify', fixture('images/coffee.png'), 'image/png');
  expect(again, JSON.stringify(again)).toMatchObject({ ok: true });
});

test('hostile JSON imports are refused whole: stored documents are untouched and search still works', async ({ page }) => {
  test.setTimeout(300_000);
  await openSdk(page);
  const stored = await page.evaluate(async () => {
    const ai = window.ai;
    await ai.text.clearData();
    await ai.text.index([
      { id: 'late', text: 'My parcel is two weeks late.' },
      { id: 'broken', text: 'The screen was cracked when I opened the box.' },
      { id: 'thanks', text: 'Thank you, the support team was wonderful.' },
    ]);
    const file = await ai.text.exportData();
    (window as any).goodExport = await file.text();
    return (await ai.text.listDocuments()).total;
  });
  expect(stored).toBe(3);

  const IMPORTS: HostileCase[] = [
    { name: 'not JSON', call: `return ai.text.importData(blob(input, 'application/json'))`, data: Buffer.from('{"format": "inpage-export", ').toString('base64') },
    { name: "another service's export", call: `const e = JSON.parse(window.goodExport); e.service = 'image'; return ai.text.importData(new Blob([JSON.stringify(e)]))` },
    {
      name: 'a document without its embedding',
      call: `const e = JSON.parse(window.goodExport); delete e.stores.documents.records[1].value.embedding; return ai.text.importData(new Blob([JSON.stringify(e)]))`,
    },
    {
      name: 'an embedding that is a string',
      call: `const e = JSON.parse(window.goodExport); e.stores.documents.records[0].value.embedding = 'AAAA'; return ai.text.importData(new Blob([JSON.stringify(e)]))`,
    },
    {
      name: '10,001 documents',
      call: `const e = JSON.parse(window.goodExport); const r = e.stores.documents.records[0]; e.stores.documents.records = Array.from({ length: 10001 }, (_, i) => ({ key: 'd' + i, value: { ...r.value, id: 'd' + i } })); return ai.text.importData(new Blob([JSON.stringify(e)]))`,
    },
    {
      name: 'a store named __proto__',
      call: `return ai.text.importData(new Blob(['{"format":"inpage-export","version":1,"service":"text","exportedAt":"x","stores":{"__proto__":{"records":[{"key":1,"value":{"polluted":true}}]}}}']))`,
    },
    { name: 'an export with its stores cut out', call: `const e = JSON.parse(window.goodExport); e.stores = {}; return ai.text.importData(new Blob([JSON.stringify(e)]))` },
    { name: 'an unknown stored value type', call: `const e = JSON.parse(window.goodExport); e.stores.documents.records[0].value.embedding = { $inpage: 'Function', base64: '' }; return ai.text.importData(new Blob([JSON.stringify(e)]))` },
    { name: 'a tabular model that is not one', call: `return ai.tabular.importModel(blob(input, 'application/json'))`, data: Buffer.from('{"format":"inpage-tabular-model","version":1,"model":{}}').toString('base64') },
    { name: 'a 65 MB tabular model', call: `return ai.tabular.importModel(new Blob([new Uint8Array(65 * 1048576).fill(32)]))` },
    {
      name: 'custom classes whose examples do not fit',
      call: `return ai.image.importModel({ format: 'inpage-image-custom/1', name: 'x', base: 'mobilenet-v1-0.25-224', dimensions: 4, classes: [{ label: 'a', examples: [[1, 2, 3]] }] })`,
    },
    {
      name: 'custom classes with 10,000-number examples',
      call: `return ai.image.importModel({ format: 'inpage-image-custom/1', name: 'x', base: 'b', dimensions: 10000, classes: [{ label: 'a', examples: [new Array(10000).fill(0)] }] })`,
    },
    { name: 'image data import of an empty object', call: `return ai.image.importData(new Blob(['{}']))` },
  ];
  const settled = await probe(page, IMPORTS);
  for (const s of settled) console.log(`hostile imports / ${s.name}: ${s.outcome}${s.code ? ` ${s.code}` : ''}${s.message ? ` (${s.message.slice(0, 120)})` : ''}`);

  const after = await page.evaluate(async () => {
    const ai = window.ai;
    const { total, documents } = await ai.text.listDocuments();
    const hits = await ai.text.search('where is my package', { topK: 1 });
    return { total, ids: documents.map((d: any) => d.id).sort(), top: hits[0]?.id, polluted: ({} as any).polluted ?? false };
  });
  const lost = 3 - after.total;
  record(...asCases('hostile imports', settled), { suite: 'hostile imports', name: 'documents kept through every refused import', outcome: 'answered', lost });
  expect(settled.map((s) => [s.name, s.outcome === 'typed' ? s.code : s.outcome])).toEqual(
    IMPORTS.map((c) => [c.name, c.name === '10,001 documents' || c.name === 'a 65 MB tabular model' ? 'TOO_LARGE' : 'INVALID_INPUT']),
  );
  expect(after).toEqual({ total: 3, ids: ['broken', 'late', 'thanks'], top: 'late', polluted: false });
});

test('hostile text and CSV through the shell pages: rendered as text, no script runs', async ({ page }) => {
  test.setTimeout(300_000);
  const blocked: string[] = [];
  await page.exposeFunction('__reportViolation', (what: string) => blocked.push(what));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
  );
  await page.goto('/#/text');
  await page.getByLabel('Feedback, one text per line').fill(`${SCRIPT} is this spam?\nJavascript:alert(1) <svg onload=alert(1)>\n`);
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.getByRole('figure', { name: 'Batch summary' })).toContainText('2 texts');
  await expect(page.getByText(/<img src=x onerror/).first()).toBeVisible();

  await page.goto('/#/tabular');
  const csv = `"<img src=x onerror=""window.__ran=1"">",=HYPERLINK("http://x"),label\n"${SCRIPT.replace(/"/g, '""')}",1,a\nb,2,b\nc,3,a\nd,4,b\n`;
  await page.getByLabel('Drop a CSV here, or choose one').setInputFiles({ name: '<img src=x onerror=alert(1)>.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('heading', { name: /4 rows, 3 columns/ })).toBeVisible();

  const ran = await page.evaluate(() => (window as any).__ran ?? 0);
  console.log(`shell pages: scripts run ${ran}; blocked by the CSP: ${blocked.length ? blocked.join(', ') : 'none attempted'}`);
  record({ suite: 'hostile markup in the shell', name: 'text page and tabular page', outcome: 'answered', scripts: ran });
  expect(ran).toBe(0);
});

test('a 49-megapixel PNG of a few dozen KB is classified and detected at a bounded working size, and the boxes are in its own pixels', async ({ page }) => {
  test.setTimeout(300_000);
  await openSdk(page);
  const png = manyPixelPng(7000, 7000);
  const cases: HostileCase[] = [
    { name: '49-megapixel PNG, classify', call: `return ai.image.classify(blob(input, 'image/png'), { topK: 1 })`, data: png },
    {
      name: '49-megapixel PNG, detect',
      call: `const found = await ai.image.detect(blob(input, 'image/png'), { minScore: 0 });
        if (found.some((d) => d.box.x + d.box.width > 7000 || d.box.y + d.box.height > 7000)) throw new Error('a box outside the image');
        return found`,
      data: png,
    },
  ];
  const settled = await probe(page, cases, 120_000);
  record(...asCases('hostile images', settled));
  expect(settled.map((s) => `${s.name}: ${s.outcome} ${s.code ?? ''} ${s.message ?? ''}`.trim())).toEqual(cases.map((c) => `${c.name}: answered`));
  // The service stays up after both.
  expect(await page.evaluate(() => window.ai.image.classify(new ImageData(64, 64), { topK: 1 }).then((r: unknown[]) => r.length))).toBe(1);
});
