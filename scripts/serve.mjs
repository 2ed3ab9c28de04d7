// The production server: the built app from dist/, and the operator's model mirror at /models/. Loopback only.
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { securityHeaders } from './headers.mjs';
import { badRequest, decodePath, findFile, modelDirs, modelMirror, notFound, requestPath, sendFile } from './static.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * /models/ is the mirror: dist/models/ (what public/models/ held at build time, with its lock), then `mirror`
 * (default: modelDirs). `projectModels`: also the project's model folders (tests and benches that load them directly).
 */
export function startServer({ port = 4173, host = '127.0.0.1', dist = join(root, 'dist'), mirror = modelDirs(root), projectModels = false } = {}) {
  const models = modelMirror(root, { project: projectModels, mirror: [join(dist, 'models'), ...mirror] });
  const embedConfig = join(dist, 'embed.config.json');
  const headersFor = (file) => securityHeaders(file.endsWith('/embed.html') ? 'hub' : file.endsWith('.html') ? 'app' : 'other', { embedConfig });
  const handle = (req, res) =>
    models(req, res, () => {
      const raw = requestPath(req);
      const path = raw === undefined ? undefined : decodePath(raw);
      if (path === undefined) return badRequest(res);
      const file = findFile([dist], path === '/' ? 'index.html' : path);
      // Pages and the service worker are checked on every load, so a new deployment is seen at once.
      const fresh = file && /(\.html|\/sw\.js|\.webmanifest)$/.test(file);
      // Scripts and assets may be loaded by pages on other origins (the embed script tag): they are public.
      const shared = file && !file.endsWith('.html') ? { 'Access-Control-Allow-Origin': '*' } : {};
      if (file) return sendFile(res, file, { 'Cache-Control': fresh ? 'no-cache' : 'public, max-age=3600', ...shared, ...headersFor(file) });
      // Page navigations fall back to the app; missing files (models, scripts) stay 404s.
      const index = join(dist, 'index.html');
      if ((req.headers.accept ?? '').includes('text/html')) return sendFile(res, index, { 'Cache-Control': 'no-cache', ...headersFor(index) });
      return notFound(res, raw);
    });
  const server = createServer((req, res) => {
    // One bad request must never take the server down: whatever throws answers that request alone.
    try {
      handle(req, res);
    } catch (error) {
      console.error(`serve: ${req.method} ${req.url}: ${error?.message ?? error}`);
      if (!res.headersSent) badRequest(res);
      else res.destroy();
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv.indexOf('--port');
  const port = Number(arg > 0 ? process.argv[arg + 1] : (process.env.PORT ?? 4173));
  const server = await startServer({ port, projectModels: process.argv.includes('--project-models') });
  const { address, port: actual } = server.address();
  console.log(`InPage is running at http://${address}:${actual}/`);
}
