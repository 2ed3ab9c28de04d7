// The production server: the built app from dist/, and the model mirror at /models/. Loopback only.
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFile, modelMirror, notFound, sendFile } from './static.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

export function startServer({ port = 4173, host = '127.0.0.1', dist = join(root, 'dist') } = {}) {
  const models = modelMirror(root);
  const server = createServer((req, res) => {
    models(req, res, () => {
      const path = new URL(req.url, 'http://x').pathname;
      const file = findFile([dist], path === '/' ? 'index.html' : path);
      // Pages and the service worker are checked on every load, so a new deployment is seen at once.
      const fresh = file && /(\.html|\/sw\.js|\.webmanifest)$/.test(file);
      // Scripts and assets may be loaded by pages on other origins (the embed script tag): they are public.
      const shared = file && !file.endsWith('.html') ? { 'Access-Control-Allow-Origin': '*' } : {};
      if (file) return sendFile(res, file, { 'Cache-Control': fresh ? 'no-cache' : 'public, max-age=3600', ...shared });
      // Page navigations fall back to the app; missing files (models, scripts) stay 404s.
      if ((req.headers.accept ?? '').includes('text/html')) return sendFile(res, join(dist, 'index.html'), { 'Cache-Control': 'no-cache' });
      return notFound(res, path);
    });
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv.indexOf('--port');
  const port = Number(arg > 0 ? process.argv[arg + 1] : (process.env.PORT ?? 4173));
  const server = await startServer({ port });
  const { address, port: actual } = server.address();
  console.log(`InPage is running at http://${address}:${actual}/`);
}
