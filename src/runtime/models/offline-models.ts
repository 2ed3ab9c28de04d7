/**
 * A service's default models as "make available offline" sees them: which are stored (from the small
 * info records beside the cache), and downloading the missing ones with one byte count over all of them.
 */
import { InPageError } from '../../core/errors';
import type { Progress } from '../../core/protocol';
import type { ModelInfo, ModelsReport } from '../../core/storage';
import { INSTALL_COMMAND, installState } from './installed';
import { mirrorLock, type ModelLock } from './lock';
import type { ModelManifest } from './manifest';
import { cachedInfoKey, discoverFor, loadModelFiles, type CachedModel, type CachedModelInfo } from './models';
import type { RequestContext } from '../serving/request';
import { MODEL_STORE, SETTINGS_STORE, type ServiceDb } from '../storage/store';

export async function listModels(service: string, groups: ModelManifest[][], db: ServiceDb, lock: ModelLock): Promise<ModelsReport> {
  const cached = await cachedModels(db);
  const isCached = (manifest: ModelManifest) => {
    const info = cached.get(manifest.id);
    return !!info && manifest.files.every((file) => !file.sha256 || info.sha256[file.path] === file.sha256);
  };
  // A model in two groups (USE lite embeds and stands in for zero-shot) is listed once, in its first.
  const listed = new Set<string>();
  const list: ModelInfo[] = groups.flatMap((group) =>
    group.filter((manifest) => !listed.has(manifest.id) && listed.add(manifest.id)).map((manifest) => {
      const info = isCached(manifest) ? cached.get(manifest.id) : undefined;
      return {
        id: manifest.id,
        name: manifest.name,
        task: manifest.task,
        license: manifest.license,
        bytes: info?.bytes ?? manifest.files.reduce((sum, file) => sum + (file.bytes ?? 0), 0),
        cached: !!info,
        ...(info && { cachedAt: info.cachedAt }),
        default: true,
        ...(group.length > 1 && { group: group[0]!.id }),
        // Where this deployment lacks it: shown as "not installed", with what installs it (never tried, so never downloaded).
        ...(!info && installState(manifest, lock) === 'not installed' && { install: INSTALL_COMMAND }),
      };
    }),
  );
  // Models only a forced visit (?model=) or an older version stored: listed so they can be removed.
  for (const [id, info] of cached) {
    if (list.some((m) => m.id === id)) continue;
    list.push({ id, name: id, task: '', license: '', bytes: info.bytes, cached: true, cachedAt: info.cachedAt, default: false });
  }
  const ready = groups.every((group) => group.some(isCached));
  return { service, ready, models: list };
}

/** Sizes of the cached models from their small info records; a record without one is read once. */
export async function cachedModels(db: ServiceDb): Promise<Map<string, CachedModelInfo>> {
  const ids = (await db.getAllKeys(MODEL_STORE)) as string[];
  const found = new Map<string, CachedModelInfo>();
  for (const id of ids) {
    let info = (await db.get(SETTINGS_STORE, cachedInfoKey(id))) as CachedModelInfo | undefined;
    if (!info) {
      const record = (await db.get(MODEL_STORE, id)) as CachedModel | undefined;
      if (!record) continue;
      const bytes = Object.values(record.files).reduce((sum, file) => sum + file.byteLength, 0);
      info = { bytes, sha256: record.sha256, cachedAt: record.cachedAt };
    }
    found.set(id, info);
  }
  return found;
}

/**
 * Downloads every default model not stored yet, one group after another, with one byte count over all
 * of them. What downloads stays stored even when another model fails; the failures are then reported.
 */
export async function prepareModels(service: string, groups: ModelManifest[][], db: ServiceDb, modelBase: string, request: RequestContext) {
  const { models } = await listModels(service, groups, db, await mirrorLock(modelBase));
  const cachedIds = new Set(models.filter((m) => m.cached).map((m) => m.id));
  const missing = groups.filter((group) => !group.some((m) => cachedIds.has(m.id)));
  const expected = (group: ModelManifest[]) => group[0]!.files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);
  let done = 0;
  const failures: string[] = [];
  // Fetches follow the request: cancelling it stops the download in flight, not only the next one.
  const fetchFn: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, request.signal]) : request.signal });

  for (const [index, group] of missing.entries()) {
    request.signal.throwIfAborted();
    const later = missing.slice(index + 1).reduce((sum, g) => sum + expected(g), 0);
    const errors: string[] = [];
    let stored = false;
    for (const manifest of group) {
      let current = 0;
      const onProgress = (p: Progress) => {
        current = p.loaded ?? current;
        const total = done + Math.max(p.total ?? 0, current) + later;
        request.progress({ phase: 'download', file: p.file, loaded: done + current, total, message: manifest.name });
      };
      try {
        const model = await loadModelFiles(manifest, { db, modelBase, onProgress, fetch: fetchFn, discover: discoverFor(manifest) });
        if (model.cacheError) throw model.cacheError;
        done += model.bytes;
        stored = true;
        break;
      } catch (error) {
        request.signal.throwIfAborted();
        const failure = InPageError.from(error, service);
        if (failure.code === 'QUOTA_EXCEEDED') throw failure;
        errors.push(failure.message);
      }
    }
    if (!stored) failures.push(...errors);
  }
  if (failures.length) {
    throw new InPageError('MODEL_UNAVAILABLE', `The ${service} service is not fully available offline: ${failures.join(' ')}`, service);
  }
}

