/**
 * The model lock (`models.lock.json` at the top of the mirror, public/models/ here): what `npm run
 * models:fetch` saw when it mirrored a hub model, a sha256 for each file the manifest does not pin. The
 * loader enforces it like a manifest's own hashes. It lives in the mirror it describes and travels with it
 * (into dist/, or to another modelBase); a mirror without one holds no hub model.
 */
import { z } from 'zod';
import type { ModelFile, ModelManifest } from './manifest';

const lockedFile = z.object({ bytes: z.number().int().nonnegative().optional(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const lockEntry = z.object({
  /** The source the files were fetched from. */
  source: z.string(),
  /** The commit the hub said it served (Hugging Face's X-Repo-Commit), to copy into the manifest once checked. */
  revision: z.string().optional(),
  files: z.record(z.string(), lockedFile),
});

const modelLock = z.record(z.string(), lockEntry);

export type ModelLock = z.infer<typeof modelLock>;
export type LockEntry = z.infer<typeof lockEntry>;

export function parseLock(json: unknown): ModelLock {
  return modelLock.parse(json);
}

export const LOCK_FILE = 'models.lock.json';
/** The lock is one small file on the deployment's own server: one that sends nothing for this long has none. */
const LOCK_STALL_MS = 5_000;

const reads = new Map<string, Promise<ModelLock>>();

/**
 * The mirror's lock, read once per worker and mirror. None (a 404, an SPA's HTML page, no network) is an
 * empty lock: no hub model counts as mirrored. A read that failed is tried again next time.
 */
export function mirrorLock(modelBase: string, fetchFn: typeof fetch = fetch): Promise<ModelLock> {
  let read = reads.get(modelBase);
  if (!read) {
    read = readLock(modelBase, fetchFn);
    reads.set(modelBase, read);
    read.catch(() => reads.delete(modelBase));
  }
  return read.catch(() => ({}));
}

async function readLock(modelBase: string, fetchFn: typeof fetch): Promise<ModelLock> {
  const response = await fetchFn(new URL(LOCK_FILE, modelBase).href, { cache: 'no-cache', signal: AbortSignal.timeout(LOCK_STALL_MS) });
  if (!response.ok || (response.headers.get('content-type') ?? '').includes('text/html')) return {};
  try {
    return parseLock(await response.json());
  } catch (error) {
    // A lock that cannot be read pins nothing: its models count as not installed, never as unchecked.
    console.warn(`InPage: ${LOCK_FILE} in ${modelBase} is not a model lock, so no hub model counts as mirrored`, error);
    return {};
  }
}

/** The manifest's files with the lock's hashes where the manifest has none, then the files only the lock names (shards). */
export function lockedFiles(manifest: ModelManifest, lock: ModelLock): ModelFile[] {
  const entry = lock[manifest.id];
  if (!entry) return manifest.files;
  const listed = manifest.files.map((file) => (file.sha256 || !entry.files[file.path] ? file : { ...file, ...entry.files[file.path] }));
  const more = Object.entries(entry.files)
    .filter(([path]) => !manifest.files.some((file) => file.path === path))
    .map(([path, file]) => ({ path, ...file }));
  return [...listed, ...more];
}
