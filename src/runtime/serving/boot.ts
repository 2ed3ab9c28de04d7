/**
 * One start-up path for every service: load one model of its group (any one will do) straight into the
 * backend it expects to keep, answer at once, time the other backends in the background
 * (background-backend.ts), and say what it runs on through describe(). A service never writes its own copy.
 */
import type { ReplicaReport } from '../../core/protocol';
import { firstThatLoads } from './alternatives';
import { activate, activateFirst, type BackendCandidate, type BackendChoice } from '../backends/backend';
import { describeChoice, startBackend } from '../backends/background-backend';
import type { ModelManifest } from '../models/manifest';
import { discoverFor, loadModelFiles, type ModelBytes } from '../models/models';
import type { Runtime } from './serve';
import { startupMark } from './startup';
import { readSetting, writeSetting, type ServiceDb } from '../storage/store';

export interface ModelGroup<M> {
  /** Alternatives, best first: the first that loads serves. */
  models: readonly ModelManifest[];
  /** Turns a model's bytes into what the service runs; a throw moves on to the next model. */
  open(manifest: ModelManifest, bytes: ModelBytes): Promise<M>;
  /** The model forced for this visit where it belongs to this group (see forcedIn). */
  forced?: string;
  /** The setting that remembers which model this device loaded, tried first next time; none: always in order. */
  rememberAs?: string;
}

export interface BootOptions<M> {
  runtime: Runtime;
  db: ServiceDb;
  /** None for a service that trains its own models (tabular): only the backend is chosen. */
  group?: ModelGroup<M>;
  candidates: readonly BackendCandidate[];
  /** One inference on realistic input with the loaded model, on the active backend. */
  warmup: (model: M) => Promise<unknown>;
  /** The setting that remembers the backend choice (default 'backend'; per model where a service has several). */
  backendKey?: string;
  /** What progress messages call the warm-up where there is no model (default: the model's name). */
  label?: string;
  /** What describe() names as the model where there is no group (tabular: 'trained in the browser'). */
  modelName?: string;
  /** Told each time the backend measurement moves on (default: the replica's describe()). */
  report?: (choice: BackendChoice) => void;
  /** Whether the replica's describe() shows this model (default true; false where the caller chooses what to show). */
  describes?: boolean;
  /** How to read the replica's memory use. */
  memory?: () => number;
}

export type BootDescription = Partial<Pick<ReplicaReport, 'backend' | 'backendTimings' | 'backendFailures' | 'backendNote' | 'model' | 'modelLoadMs' | 'modelBytes'>>;

export interface Booted<M> {
  model: M;
  manifest?: ModelManifest;
  /** Live: its backend can change once the others are timed in the background. */
  choice: BackendChoice;
  bytes?: ModelBytes;
  /** Download (or cache read) plus opening the model, before the backend timing. */
  modelLoadMs: number;
  /** The replica report's fields for this model and its backend, as they stand now. */
  describe(): BootDescription;
}

export async function boot<M = undefined>(options: BootOptions<M>): Promise<Booted<M>> {
  const { runtime, db, group, candidates, backendKey = 'backend' } = options;
  // The weights load straight into the backend we expect to keep, so they are not copied over later.
  if (runtime.init.backend) await activate(candidates, runtime.init.backend);
  else await activateFirst(candidates, (await readSetting<BackendChoice>(db, backendKey))?.backend);
  startupMark('backend');

  const started = performance.now();
  const loaded = group ? await loadGroup(group, runtime, db) : undefined;
  const modelLoadMs = performance.now() - started;
  const model = loaded?.model as M;
  if (loaded) startupMark('model');

  const choice = await startBackend({
    runtime,
    db,
    settingKey: backendKey,
    label: loaded?.manifest.name ?? options.label ?? runtime.init.service,
    candidates,
    warmup: () => options.warmup(model),
    report: options.report,
  });
  startupMark('warm-up');
  // A model forced for one visit (?model=) is not what this device should prefer next time.
  if (loaded && group?.rememberAs && !group.forced) await writeSetting(db, group.rememberAs, loaded.manifest.id);
  const booted: Booted<M> = {
    model,
    manifest: loaded?.manifest,
    choice,
    bytes: loaded?.bytes,
    modelLoadMs,
    describe: () => ({
      ...describeChoice(choice),
      model: loaded?.manifest.id ?? options.modelName,
      ...(loaded && { modelLoadMs, modelBytes: loaded.bytes.bytes }),
    }),
  };
  if (options.describes !== false) runtime.describe(booted.describe());
  if (options.memory) runtime.measureMemory(options.memory);
  return booted;
}

async function loadGroup<M>(group: ModelGroup<M>, runtime: Runtime, db: ServiceDb) {
  const remembered = group.rememberAs ? await readSetting<string>(db, group.rememberAs) : undefined;
  return firstThatLoads(
    group.models,
    async (manifest) => {
      const bytes = await loadModel(manifest, runtime, db);
      startupMark('model-bytes');
      return { manifest, bytes, model: await group.open(manifest, bytes) };
    },
    { service: runtime.init.service, forced: group.forced, remembered },
  );
}

/** A model's files through the runtime's loader (cache, sha256, progress under its name); a cache failure is only a warning. */
export async function loadModel(manifest: ModelManifest, runtime: Pick<Runtime, 'init' | 'progress'>, db: ServiceDb): Promise<ModelBytes> {
  const bytes = await loadModelFiles(manifest, {
    db,
    modelBase: runtime.init.modelBase,
    onProgress: (p) => runtime.progress({ ...p, message: p.message ?? manifest.name }),
    discover: discoverFor(manifest),
  });
  if (bytes.cacheError) runtime.progress({ phase: 'warning', message: bytes.cacheError.message });
  return bytes;
}
