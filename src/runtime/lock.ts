/**
 * The model lock (models/models.lock.json): what `npm run models:fetch` saw when it mirrored a hub model
 * into public/models/, a sha256 for each file the manifest does not pin. The loader enforces it like a
 * manifest's own hashes. It belongs to the deployment whose mirror it describes, so it is not committed;
 * where there is none, no hub model counts as mirrored.
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

// An optional file: the glob finds it where models:fetch wrote one, and nothing on a fresh clone.
const found = import.meta.glob<unknown>('../../models/models.lock.json', { eager: true, import: 'default' });

/** This build's lock: empty where models:fetch never ran. */
export const MODEL_LOCK: ModelLock = parseLock(Object.values(found)[0] ?? {});

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
