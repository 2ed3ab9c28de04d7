/** Loading the first of a service's alternative models (e.g. MobileNet v2 from its hub, else v1 from the mirror). */
import { InPageError } from '../bus/errors';
import type { ModelManifest } from './manifest';
import { loadModelFiles, tfjsShards, type ModelBytes } from './models';
import { forcedModel } from './forced';
import type { Runtime } from './serve';
import { startupMark } from './startup';
import type { ServiceDb } from './store';

export interface AlternativesOptions<T> {
  runtime: Runtime;
  db: ServiceDb;
  /** The id this device loaded last time: tried first, so a reachable hub does not replace it unasked. */
  remembered?: string;
  /** Turns the loaded bytes into the service's model; a throw moves on to the next alternative. */
  open: (manifest: ModelManifest, bytes: ModelBytes) => Promise<T>;
}

/**
 * Only the model forced for this visit (`?model=`) where there is one; else the remembered one first, then
 * the rest in order. The first that loads wins; when none does, the error names every attempt.
 */
export async function loadFirstAvailable<T>(alternatives: ModelManifest[], options: AlternativesOptions<T>): Promise<T> {
  const { runtime, db, remembered, open } = options;
  const { service, modelBase } = runtime.init;
  const forced = forcedModel(runtime.init, alternatives);
  const order = forced
    ? alternatives.filter((m) => m.id === forced)
    : [...alternatives].sort((a, b) => Number(b.id === remembered) - Number(a.id === remembered));
  if (!order.length) throw new InPageError('INVALID_INPUT', `The ${service} service has no model "${forced}".`, service);

  const failures: InPageError[] = [];
  for (const manifest of order) {
    try {
      const bytes = await loadModelFiles(manifest, {
        db,
        modelBase,
        onProgress: (p) => runtime.progress({ ...p, message: manifest.name }),
        discover: tfjsShards,
      });
      if (bytes.cacheError) runtime.progress({ phase: 'warning', message: bytes.cacheError.message });
      startupMark('model-bytes');
      return await open(manifest, bytes);
    } catch (error) {
      failures.push(InPageError.from(error, service));
    }
  }
  const unavailable = failures.every((f) => f.code === 'MODEL_UNAVAILABLE');
  throw new InPageError(unavailable ? 'MODEL_UNAVAILABLE' : 'INTERNAL', failures.map((f) => f.message).join(' '), service);
}
