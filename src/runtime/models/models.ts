/**
 * Fetches a model's files from the first source that has them, verifies them, and caches them in the
 * service's own database so the next start (and offline use) needs no network.
 */
import { InPageError } from '../../core/errors';
import type { Progress } from '../../core/protocol';
import type { io } from '@tensorflow/tfjs-core';
import { isPublicHub, notInstalledMessage, usableSources, INSTALL_COMMAND } from './installed';
import { lockedFiles, mirrorLock, type ModelLock } from './lock';
import type { ModelFile, ModelManifest } from './manifest';
import { badModelPath } from './model-paths';
import { shippedFiles } from './shipped';
import { startupMark } from '../serving/startup';
import { guardWrite, MODEL_STORE, SETTINGS_STORE, type ServiceDb } from '../storage/store';

export interface ModelBytes {
  files: Map<string, ArrayBuffer>;
  bytes: number;
  fromCache: boolean;
  /** Where the bytes came from: 'cache' or the source URL. */
  origin: string;
  /** Set when the files could not be kept for next time (e.g. QUOTA_EXCEEDED); the model still works now. */
  cacheError?: InPageError;
}

export interface CachedModel {
  id: string;
  files: Record<string, ArrayBuffer>;
  sha256: Record<string, string>;
  origin: string;
  cachedAt: number;
}

export interface LoadOptions {
  db: ServiceDb;
  modelBase: string;
  onProgress?: (progress: Progress) => void;
  /** Names more files once a file has arrived (a TF.js model.json lists its weight shards). */
  discover?: (path: string, bytes: ArrayBuffer) => string[];
  fetch?: typeof fetch;
  /** A download that receives nothing for this long fails (default STALL_MS). */
  stallMs?: number;
  /** The hashes models:fetch saw (default: the mirror's models.lock.json). */
  lock?: ModelLock;
}

/** A source that goes silent (a dead proxy, a captive network) fails after this long without data, not never. */
export const STALL_MS = 30_000;

/** Aborts a download once no byte has arrived for `ms`; `touch()` on each chunk. */
function stallGuard(ms: number, what: string) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`${what}: no data for ${ms / 1000} s`)), ms);
  };
  touch();
  return { signal: controller.signal, touch, stop: () => clearTimeout(timer) };
}

export async function loadModelFiles(manifest: ModelManifest, options: LoadOptions): Promise<ModelBytes> {
  const lock = options.lock ?? (await mirrorLock(options.modelBase, options.fetch));
  const cached = await readCache(manifest, options.db, lock);
  if (cached) return cached;

  // A hub model that is neither shipped, pinned nor mirrored is skipped before any request.
  const places = placesOf(manifest, options.modelBase, lock);
  if (!places.length) {
    throw new InPageError('MODEL_UNAVAILABLE', notInstalledMessage(manifest), manifest.service, { model: manifest.id, notInstalled: true, install: INSTALL_COMMAND });
  }
  const attempts: string[] = [];
  let tooLarge: InPageError | undefined;
  for (const place of places) {
    const base = place.label;
    try {
      const files = await download(manifest, place, { ...options, lock });
      startupMark('model-downloaded'); // what follows, up to 'model-bytes', is storing them
      const model: ModelBytes = { files, bytes: totalBytes(files), fromCache: false, origin: base };
      model.cacheError = await guardWrite(manifest.service, `the model "${manifest.name}"`, () => writeCache(manifest, model, options.db)).then(
        () => undefined,
        (error: unknown) => InPageError.from(error, manifest.service),
      );
      return model;
    } catch (error) {
      if (error instanceof InPageError && error.code === 'TOO_LARGE') tooLarge ??= error;
      attempts.push(`${base} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  // A file over its limit is the thing to fix (the manifest or the mirror), not the network.
  if (tooLarge) {
    throw new InPageError('TOO_LARGE', `The model "${manifest.name}" was not loaded: ${tooLarge.message}${attempts.length > 1 ? ` Tried: ${attempts.join('; ')}.` : ''}`, manifest.service, {
      model: manifest.id,
      attempts,
    });
  }
  throw new InPageError(
    'MODEL_UNAVAILABLE',
    `The model "${manifest.name}" could not be downloaded and is not stored on this device. Tried: ${attempts.join('; ')}. ` +
      'Connect to the network once, or put its files in the self-hosted model folder.',
    manifest.service,
    { model: manifest.id, attempts },
  );
}

/** Where a model's files can come from, in order: what this build ships, then each usable source. */
interface Place {
  /** The folder URL (or, for shipped files, the URL of the entry file) named in progress and errors. */
  label: string;
  /** The URL of one file, or undefined where this place does not have it. */
  urlOf(path: string): string | undefined;
  /** A public hub: only files pinned by sha256 are taken. */
  hub: boolean;
}

function placesOf(manifest: ModelManifest, modelBase: string, lock: ModelLock): Place[] {
  const places: Place[] = [];
  const shipped = shippedFiles(manifest.id);
  const entry = shipped?.[manifest.files[0]!.path];
  if (shipped && entry) places.push({ label: entry, urlOf: (path) => shipped[path], hub: false });
  for (const source of usableSources(manifest, lock)) {
    const base = new URL(source.base, modelBase).href;
    places.push({ label: base, urlOf: (path) => new URL(path, base).href + (source.query ?? ''), hub: isPublicHub(source) });
  }
  return places;
}

async function download(manifest: ModelManifest, place: Place, options: LoadOptions) {
  const fetchFn = options.fetch ?? fetch;
  // The manifest's hashes, with the lock's where it has none: models:fetch's are enforced like the manifest's.
  const listed = lockedFiles(manifest, options.lock ?? {});
  const known = new Map(listed.map((file) => [file.path, file]));
  const queue: ModelFile[] = [...listed];
  const files = new Map<string, ArrayBuffer>();
  let total = listed.reduce((sum, file) => sum + (file.bytes ?? 0), 0);
  let loaded = 0;

  const { hub } = place;
  while (queue.length) {
    const file = queue.shift()!;
    if (files.has(file.path)) continue;
    // A public hub's folders move (`resolve/main`, a re-uploaded model): only bytes pinned by hash are taken from one.
    // A hub's model.json is not trusted to name files outside the model's folder.
    const outside = badModelPath(file.path);
    if (outside) throw new Error(`refused: ${outside}`);
    if (hub && !file.sha256) throw new Error(`${file.path} has no sha256 in the manifest or the lock, and files from a public hub are used only when pinned by hash`);
    const url = place.urlOf(file.path);
    if (!url) throw new Error(`${file.path} is not among the files this build ships`);
    const stall = stallGuard(options.stallMs ?? STALL_MS, file.path);
    const limit = fileLimit(file);
    let bytes: ArrayBuffer;
    try {
      const response = await fetchFn(url, { signal: AbortSignal.any([stall.signal, limit.signal]) });
      limit.check(Number(response.headers.get('content-length') ?? 0));
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${file.path}`);
      // A dev server or SPA fallback answers missing files with index.html: never take a page for a model.
      if ((response.headers.get('content-type') ?? '').includes('text/html')) {
        throw new Error(`${file.path} is an HTML page, not a model file`);
      }
      if (!file.bytes) total += Number(response.headers.get('content-length') ?? 0);
      bytes = await readWithProgress(response, (n) => {
        stall.touch();
        limit.add(n);
        loaded += n;
        options.onProgress?.({ phase: 'download', file: file.path, loaded, total: Math.max(total, loaded) });
      });
    } finally {
      stall.stop();
    }
    if (file.sha256) {
      const actual = await sha256(bytes);
      // Fail closed: a hash that cannot be checked is never stored as if it had been.
      if (!actual) throw new Error(`${file.path} cannot be verified: this page has no WebCrypto (serve it over https or from localhost)`);
      if (actual !== file.sha256) throw new Error(`${file.path} failed its sha256 check (got ${actual})`);
    }
    files.set(file.path, bytes);
    for (const path of options.discover?.(file.path, bytes) ?? []) {
      if (!files.has(path) && !queue.some((f) => f.path === path)) queue.push(known.get(path) ?? { path });
    }
  }
  return files;
}

/** The most bytes one model file may have when its manifest does not say: no model file the services use comes near it. */
export const MAX_MODEL_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Stops a download that grows past what its file may be (the size its manifest declares, or
 * MAX_MODEL_FILE_BYTES), before the bytes pile up in memory: the fetch is aborted with TOO_LARGE.
 */
function fileLimit(file: ModelFile) {
  const most = file.bytes ?? MAX_MODEL_FILE_BYTES;
  const controller = new AbortController();
  let read = 0;
  const refuse = (size: number) => {
    const error = new InPageError(
      'TOO_LARGE',
      `${file.path} is ${size.toLocaleString('en')} bytes or more, larger than the ${most.toLocaleString('en')} bytes ${file.bytes ? 'its manifest declares' : 'a model file may have'}; it was not kept.`,
    );
    controller.abort(error);
    throw error;
  };
  return {
    signal: controller.signal,
    check: (size: number) => void (size > most && refuse(size)),
    add: (n: number) => void ((read += n) > most && refuse(read)),
  };
}

async function readWithProgress(response: Response, onChunk: (bytes: number) => void): Promise<ArrayBuffer> {
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    onChunk(buffer.byteLength);
    return buffer;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    onChunk(value.byteLength);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out.buffer;
}

/** Hex sha256, or undefined where WebCrypto is missing (plain-http pages that are not localhost). */
export async function sha256(bytes: ArrayBuffer): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function readCache(manifest: ModelManifest, db: ServiceDb, lock: ModelLock): Promise<ModelBytes | undefined> {
  const record = (await db.get(MODEL_STORE, manifest.id)) as CachedModel | undefined;
  if (!record) return undefined;
  // A manifest (or lock) whose checksums changed means new weights: fetch them again.
  const stale = lockedFiles(manifest, lock).some((file) => file.sha256 && record.sha256[file.path] !== file.sha256);
  if (stale || manifest.files.some((file) => !record.files[file.path])) return undefined;
  const files = new Map(Object.entries(record.files));
  return { files, bytes: totalBytes(files), fromCache: true, origin: 'cache' };
}

/** What the settings store keeps beside each cached model, so listing models needs not read their bytes. */
export interface CachedModelInfo {
  bytes: number;
  sha256: Record<string, string>;
  cachedAt: number;
}

export const cachedInfoKey = (id: string) => `model:${id}`;

async function writeCache(manifest: ModelManifest, model: ModelBytes, db: ServiceDb): Promise<void> {
  const hashes: Record<string, string> = {};
  for (const [path, bytes] of model.files) {
    // A manifest's hash is here only once download() checked it; other files get their own, or none without WebCrypto.
    hashes[path] = manifest.files.find((f) => f.path === path)?.sha256 ?? (await sha256(bytes)) ?? '';
  }
  const record: CachedModel = {
    id: manifest.id,
    files: Object.fromEntries(model.files),
    sha256: hashes,
    origin: model.origin,
    cachedAt: Date.now(),
  };
  const info: CachedModelInfo = { bytes: model.bytes, sha256: hashes, cachedAt: record.cachedAt };
  const tx = db.transaction([MODEL_STORE, SETTINGS_STORE], 'readwrite');
  await Promise.all([tx.objectStore(MODEL_STORE).put(record), tx.objectStore(SETTINGS_STORE).put(info, cachedInfoKey(manifest.id)), tx.done]);
}

export async function forgetModel(db: ServiceDb, id: string): Promise<void> {
  const tx = db.transaction([MODEL_STORE, SETTINGS_STORE], 'readwrite');
  await Promise.all([tx.objectStore(MODEL_STORE).delete(id), tx.objectStore(SETTINGS_STORE).delete(cachedInfoKey(id)), tx.done]);
}

/** How a model's files name more files: a TF.js model.json lists its weight shards; other runtimes list all in the manifest. */
export function discoverFor(manifest: ModelManifest): LoadOptions['discover'] {
  return manifest.runtime.startsWith('tfjs') ? tfjsShards : undefined;
}

/** The weight shards a TF.js model.json names, so the loader can fetch them from the same source. */
export function tfjsShards(path: string, bytes: ArrayBuffer): string[] {
  if (!path.endsWith('.json')) return [];
  const json = JSON.parse(new TextDecoder().decode(bytes)) as io.ModelJSON;
  return (json.weightsManifest ?? []).flatMap((group) => group.paths);
}

function totalBytes(files: Map<string, ArrayBuffer>): number {
  let sum = 0;
  for (const bytes of files.values()) sum += bytes.byteLength;
  return sum;
}
