// The servers the cross-engine suite talks to: the real app server (scripts/serve.mjs) behind a thin
// proxy on the toolkit's port, and a partner site on another port. The proxy only adds what a test
// needs and WebDriver cannot do in every engine: an error recorder at the top of each page (WebKit's
// driver has no console log), a bare page for the SDK, and the hub's allowlist naming the partner.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { resolve } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { FIXTURES as FIXTURE_DIR } from '../fixtures/files.mjs';

/** Kept in window.__inpageErrors: console.error calls, uncaught errors, failed loads, unhandled rejections. */
const RECORDER_SOURCE = `(() => {
  const seen = (window.__inpageErrors = []);
  const text = (value) => (value && value.message) || String(value);
  const original = console.error;
  console.error = function (...args) { seen.push('console.error: ' + args.map(text).join(' ')); return original.apply(this, args); };
  addEventListener('error', (event) => seen.push(event.message ? 'error: ' + event.message : 'failed to load: ' + (event.target.src || event.target.href)), true);
  addEventListener('unhandledrejection', (event) => seen.push('unhandled rejection: ' + text(event.reason)));
  addEventListener('securitypolicyviolation', (event) => seen.push('CSP ' + event.effectiveDirective + ' blocked ' + event.blockedURI + ' at ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber));
})();`;
const RECORDER_PATH = '/__engines/recorder.js';
/** A classic script from the page's own server, so the app's CSP (script-src 'self') lets it run first. */
const recorderTag = () => `<script src="${RECORDER_PATH}"></script>`;

export const BLANK_PAGE = '/__engines/blank.html';
/** The test pages' own icon, so Chromium does not log a 404 for /favicon.ico. */
const NO_ICON = '<link rel="icon" href="data:,">';
const FIXTURES = '/__engines/fixtures/';

function listen(server, port, host = '127.0.0.1') {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}

function closer(...servers) {
  return () =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      ),
    );
}

/**
 * The app on http://127.0.0.1:<port> (the proxy) with the server itself on <port + 1>, allowing `allowed`
 * origins in embed.config.json, and `extra` files (URL path → file path, e.g. the bench's direct TF.js).
 * `close()` stops both, as a site going offline would.
 */
export async function startToolkit(port, allowed, extra = {}) {
  // embed.html's frame-ancestors (scripts/headers.mjs) lets the partners frame the hub, as a deployment's would.
  process.env.INPAGE_EMBED_FRAME_ORIGINS = [...new Set([...(process.env.INPAGE_EMBED_FRAME_ORIGINS ?? '').split(' ').filter(Boolean), ...allowed])].join(' ');
  const app = await startServer({ port: port + 1 });
  const proxy = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/embed.config.json') {
      return res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ allowedOrigins: allowed }));
    }
    if (path === BLANK_PAGE) {
      return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><meta charset="utf-8">${recorderTag()}${NO_ICON}<title>SDK host</title>`);
    }
    if (path === RECORDER_PATH) return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(RECORDER_SOURCE);
    if (Object.hasOwn(extra, path)) {
      const type = path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      return res.writeHead(200, { 'Content-Type': type }).end(readFileSync(extra[path]));
    }
    if (path.startsWith(FIXTURES)) {
      const file = resolve(FIXTURE_DIR, path.slice(FIXTURES.length));
      if (!file.startsWith(FIXTURE_DIR) || !existsSync(file)) return res.writeHead(404).end('no such fixture');
      return res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(readFileSync(file));
    }
    const upstream = request({ host: '127.0.0.1', port: port + 1, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      if (!(answer.headers['content-type'] ?? '').startsWith('text/html')) {
        res.writeHead(answer.statusCode, answer.headers);
        return answer.pipe(res);
      }
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.from(Buffer.concat(chunks).toString('utf8').replace(/<head>/i, `<head>${recorderTag()}`));
        res.writeHead(answer.statusCode, { ...answer.headers, 'content-length': body.length }).end(body);
      });
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await listen(proxy, port);
  return { origin: `http://127.0.0.1:${port}`, close: closer(proxy, app) };
}

/** A partner's site serving exactly `files` (path → { type, body }); reachable as 127.0.0.1 and as localhost. */
export async function startPartner(port, files) {
  const handler = (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === RECORDER_PATH) return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(RECORDER_SOURCE);
    const file = files[path];
    if (!file) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(file.body);
  };
  // Two listeners, so `localhost` answers whichever loopback address the engine resolves it to.
  const v4 = await listen(createServer(handler), port, '127.0.0.1');
  const v6 = await listen(createServer(handler), port, '::1').catch(() => undefined);
  return { sameSite: `http://127.0.0.1:${port}`, crossSite: `http://localhost:${port}`, close: closer(...[v4, v6].filter(Boolean)) };
}

export const page = (body) => ({ type: 'text/html; charset=utf-8', body: `<!doctype html><meta charset="utf-8">${recorderTag()}${NO_ICON}${body}` });
