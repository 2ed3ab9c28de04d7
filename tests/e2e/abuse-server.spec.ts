/**
 * Abuse suite, the server: malformed and hostile URLs get a 4xx and the server keeps serving; only model
 * files come out of /models/; every page carries the security headers, and the app cannot be framed.
 */
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import { openSdk } from './fixtures';
import { html, startHost, TOOLKIT, TOOLKIT_PORT } from './hosts';
import { record, type CaseResult } from './abuse/tally';

const SUITE = 'server';

/**
 * Sends `request` as raw bytes (so nothing in between tidies it) and answers the status line's code;
 * -1 where the server refused by closing the connection before a status line (0: no answer at all).
 */
function raw(request: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(TOOLKIT_PORT, '127.0.0.1', () => socket.end(request));
    let data = '';
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
    socket.setTimeout(15_000, () => (socket.destroy(), resolve(status())));
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('end', () => resolve(status()));
    // Node answers an oversized request and closes while the rest is still being sent: a reset.
    socket.on('error', () => resolve(status() || -1));
  });
}

const get = (target: string) => raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

test('malformed and hostile URLs get a 4xx each, and the server and the services keep answering', async ({ page }) => {
  const cases: Array<[string, () => Promise<number>, number | number[]]> = [
    ['broken percent-encoding under /models/', () => get('/models/%E0%A4%A'), 400],
    ['broken percent-encoding elsewhere', () => get('/%E0%A4%A'), 400],
    ['a lone %', () => get('/models/%'), 400],
    ['a NUL byte', () => get('/models/%00.json'), 400],
    ['an absolute URL with a broken host', () => get('http://[/models/x.json'), 400],
    ['the model build script', () => get('/models/speech/build_asr.py'), 404],
    ['the mirror notes', () => get('/models/SOURCES.md'), 404],
    ['a checksum list', () => get('/models/tfjs/mobilenet-v1-0.25-224-imagenet-f16/SHA256SUMS'), 404],
    ['climbing out of /models/', () => get('/models/..%2f..%2fpackage.json'), 404],
    ['climbing out of the app', () => get('/..%2f..%2fpackage.json'), 404],
    ['a 100 kB URL', () => get(`/models/${'a'.repeat(100_000)}.json`), [431, -1]],
    ['not HTTP at all', () => raw('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n'), 400],
  ];
  const results: CaseResult[] = [];
  for (const [name, send, expected] of cases) {
    const status = await send();
    console.log(`server / ${name}: ${status}`);
    const refused = (status >= 400 && status < 500) || status === -1;
    results.push({ suite: SUITE, name, outcome: refused ? 'typed' : status === 0 ? 'hang' : 'untyped', code: status === -1 ? 'connection closed' : `HTTP ${status}` });
    expect([expected].flat(), name).toContain(status);
  }
  // A model file is still served, and the app's services answer through the same server.
  expect((await fetch(`${TOOLKIT}/models/tfjs/mobilenet-v1-0.25-224-imagenet-f16/model.json`)).status).toBe(200);
  await openSdk(page);
  const labels = await page.evaluate(async () => (await window.ai.image.classify(new ImageData(64, 64), { topK: 1 })).length);
  results.push({ suite: SUITE, name: 'the service after the hostile URLs', outcome: labels === 1 ? 'answered' : 'untyped' });
  record(...results);
  expect(labels).toBe(1);
});

test('pages carry a CSP without unsafe-eval, nosniff and frame-ancestors; another site cannot frame the app', async ({ page }) => {
  const index = await fetch(`${TOOLKIT}/`);
  const csp = index.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(index.headers.get('x-content-type-options')).toBe('nosniff');
  const hub = (await fetch(`${TOOLKIT}/embed.html`)).headers.get('content-security-policy') ?? '';
  expect(hub).toMatch(/frame-ancestors 'self'/);
  const script = await fetch(`${TOOLKIT}/inpage.js`);
  expect(script.headers.get('x-content-type-options')).toBe('nosniff');

  const host = await startHost(6, { '/': html(`<title>Framer</title><iframe src="${TOOLKIT}/" title="app"></iframe>`) });
  try {
    await page.goto(`${host.origin}/`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await expect.poll(() => frame?.url()).toMatch(/^chrome-error:/);
    record({ suite: SUITE, name: 'the app framed by another site', outcome: 'typed', code: 'frame-ancestors' });
  } finally {
    await host.close();
  }
});

test('connect() in an about:srcdoc frame answers; in a sandboxed frame a failure of connect() is an InPageError', async ({ page }) => {
  await openSdk(page);
  const outcome = await page.evaluate(async (toolkit) => {
    const run = (sandbox: boolean) =>
      new Promise<string>((resolve) => {
        const frame = document.createElement('iframe');
        if (sandbox) frame.setAttribute('sandbox', 'allow-scripts');
        const reply = (e: MessageEvent) => e.source === frame.contentWindow && (removeEventListener('message', reply), resolve(String(e.data)));
        addEventListener('message', reply);
        frame.srcdoc = `<script type="module">
          const say = (m) => parent.postMessage(m, '*');
          let connect;
          try {
            ({ connect } = await import('${toolkit}/inpage.js'));
          } catch (error) {
            // Before connect(): Chromium refuses the module to this opaque-origin frame.
            say('no sdk ' + error);
          }
          if (connect) try {
            const ai = await connect();
            const labels = await ai.image.classify(new ImageData(64, 64), { topK: 1 });
            say('answered ' + labels.length);
          } catch (error) {
            say(error?.name === 'InPageError' ? 'typed ' + error.code : 'untyped ' + error);
          }
        </script>`;
        document.body.append(frame);
      });
    return { srcdoc: await run(false), sandboxed: await run(true) };
  }, TOOLKIT);
  console.log(`connect() in about:srcdoc: ${outcome.srcdoc}; in a sandboxed frame: ${outcome.sandboxed}`);
  record({ suite: SUITE, name: 'connect() in about:srcdoc', outcome: outcome.srcdoc.startsWith('answered') ? 'answered' : outcome.srcdoc.startsWith('typed') ? 'typed' : 'untyped' });
  if (!outcome.sandboxed.startsWith('no sdk')) {
    const typed = outcome.sandboxed.startsWith('typed');
    record({ suite: SUITE, name: 'connect() in a sandboxed frame', outcome: typed ? 'typed' : outcome.sandboxed.startsWith('answered') ? 'answered' : 'untyped', ...(typed ? { code: outcome.sandboxed.slice(6) } : {}) });
  }
  expect(outcome.srcdoc).toBe('answered 1');
  // Where the frame can load the SDK at all, connect() and the call answer or fail typed.
  expect(outcome.sandboxed).toMatch(/^(typed [A-Z_]+|answered 1|no sdk .*)$/);
});
