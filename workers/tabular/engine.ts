/**
 * The tabular service: profile a CSV, train on it (linear baseline and a small MLP, measured backend),
 * judge on held-out rows, keep the model with everything prediction needs, predict new rows.
 */
import { InPageError } from '../../src/core/errors';
import type { BackendChoice } from '../../src/runtime/backends/backend';
import { boot } from '../../src/runtime/serving/boot';
import type { RequestControl } from '../../src/runtime/serving/request';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { savedArtifacts, tf, tfBackends } from '../../src/runtime/backends/tf';
import { MAX_PREDICT_ROWS, type CsvInput, type DataProfile, type EpochProgress, type Metrics, type ModelSummary, type TabularPrediction, type TabularRow, type TrainRequest, type TrainResult } from './contract';
import { exportJson, importJson } from './exchange';
import { permutationImportance } from './importance';
import { classificationMetrics, regressionMetrics, score } from './metrics';
import { parseCsv } from './parse';
import { describe, encode, encodeTarget, fitTransform, readers, targetSpec, unreadable, type Reader, type Transform } from './prepare';
import { analyze, type Analysis } from './profile';
import { stratifiedSplit } from './split';
import { getGuestModel, saveGuestModel } from './guest-models';
import { deleteModel, getModel, listModels, saveModel, summary } from './store';
import type { StoredModel } from './stored-model';
import { columnOf, tableFromRows, type Table } from './table';
import { fit, predictOutputs, release, warmupStep, type Kind, type Matrix } from './train';

/**
 * The backends measured at start-up. The GPU ones lose on these small dense nets (their per-step
 * overhead outweighs the little arithmetic) and cost seconds to start, so they run only when forced with
 * ?backend= (bench/tabular.mjs times them).
 */
const MEASURED = ['wasm', 'cpu'];

/** Fewer rows with a target than this cannot be split into train, validation and test honestly. */
const MIN_ROWS = 20;

export class TabularEngine {
  private readonly loaded = new Map<string, Promise<tf.LayersModel>>();

  private constructor(
    private readonly db: ServiceDb,
    private readonly choice: BackendChoice,
  ) {}

  static async load(runtime: Runtime, db: ServiceDb): Promise<TabularEngine> {
    const forced = runtime.init.backend;
    const { choice } = await boot({
      runtime,
      db,
      label: 'a training step',
      modelName: 'trained in the browser',
      candidates: forced ? tfBackends() : tfBackends().filter((b) => MEASURED.includes(b.name)),
      warmup: warmupStep,
      memory: () => tf.memory().numBytes,
    });
    return new TabularEngine(db, choice);
  }

  async profile(csv: CsvInput, target: string | undefined, request: RequestControl): Promise<DataProfile> {
    const table = await parseCsv(csv, { signal: request.signal, onProgress: request.progress });
    return analyze(table, target).profile;
  }

  async train(options: Required<Omit<TrainRequest, 'name'>> & { name?: string }, request: RequestControl, guest = false): Promise<TrainResult> {
    const { signal } = request;
    const table = await parseCsv(options.csv, { signal, onProgress: request.progress });
    const analysis = analyze(table, options.target);
    const errors = analysis.profile.problems.filter((p) => p.level === 'error');
    if (errors.length) throw new InPageError('INVALID_INPUT', errors.map((e) => e.message).join(' '), 'tabular');
    const { split, transform, train, validation, test, classes, judge } = prepareData(table, analysis, options.target, options.seed);
    const task = transform.target.task;
    const read = readers(table);

    const kinds: Kind[] = options.model === 'auto' ? ['linear', 'mlp'] : [options.model];
    const candidates: { kind: Kind; model: tf.LayersModel; epochs: number; validation: number; metrics: Metrics; history: TrainResult['history'] }[] = [];
    let kept: tf.LayersModel | undefined;
    try {
      for (const kind of kinds) {
        const fitted = await fit(train, validation, transform.width, {
          kind,
          task,
          classes: classes.length,
          seed: options.seed,
          maxEpochs: options.maxEpochs,
          patience: options.patience,
          signal,
          validationScore: (outputs) => score(judge(outputs, validation.y)),
          onEpoch: (point) => {
            const progress: EpochProgress = { phase: 'epoch', loaded: point.epoch, total: options.maxEpochs, message: `${kind === 'mlp' ? 'MLP' : 'Linear'} epoch ${point.epoch}`, point };
            request.progress(progress);
          },
        });
        const outputsOf = (m: Matrix) => predictOutputs(fitted.model, m.x, m.rows, transform.width);
        candidates.push({
          kind,
          model: fitted.model,
          epochs: fitted.epochs,
          validation: score(judge(outputsOf(validation), validation.y)),
          metrics: judge(outputsOf(test), test.y),
          history: fitted.history,
        });
      }
      // The better on validation rows; on a tie the simpler one. The test rows only report.
      const chosen = candidates.reduce((best, c) => (c.validation > best.validation + 1e-9 ? c : best));
      const testActual = new Map<number, number>();
      split.test.forEach((row, i) => testActual.set(row, test.y[i]!));
      const importance = await permutationImportance(transform, read, split.test, {
        seed: options.seed,
        signal,
        onProgress: request.progress,
        scoreOf: (x, rows) => {
          const actual = Float32Array.from(rows, (row) => testActual.get(row)!);
          return score(judge(predictOutputs(chosen.model, x, rows.length, transform.width), actual));
        },
      });

      const sha256 = await digest(table.bytes);
      const id = crypto.randomUUID();
      const stored: StoredModel = {
        id,
        name: options.name ?? `${options.target} (${chosen.kind === 'mlp' ? 'MLP' : 'linear'})`,
        createdAt: Date.now(),
        task,
        target: options.target,
        kind: chosen.kind,
        classes: task === 'regression' ? undefined : classes,
        features: describe(transform),
        metrics: chosen.metrics,
        importance,
        fingerprint: { sha256, rows: table.rows, columns: table.columns.length },
        seed: options.seed,
        backend: this.choice.backend,
        transform,
        artifacts: (await savedArtifacts(chosen.model)) as StoredModel['artifacts'],
      };
      if (guest) await saveGuestModel(this.db, stored);
      else await saveModel(this.db, stored);
      this.loaded.set(id, Promise.resolve((kept = chosen.model)));
      return {
        ...summary(stored),
        modelId: id,
        excluded: analysis.excluded.filter((e) => e.column !== options.target),
        split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
        history: candidates.flatMap((c) => c.history),
        candidates: candidates.map(({ kind, epochs, metrics }) => ({ kind, epochs, metrics })),
        problems: analysis.profile.problems,
      };
    } finally {
      for (const c of candidates) if (c.model !== kept) release(c.model);
    }
  }

  async predict(modelId: string, input: TabularRow[] | CsvInput, request: RequestControl, guest = false): Promise<TabularPrediction[]> {
    // A partner predicts only with what it trained; the person only with what they keep.
    const stored = guest ? await getGuestModel(this.db, modelId) : await getModel(this.db, modelId);
    const { transform } = stored;
    const columns = transform.features.map((f) => f.column);
    let table: Table;
    if (Array.isArray(input)) {
      table = tableFromRows(columns, input);
    } else {
      table = await parseCsv(input, { signal: request.signal, onProgress: request.progress });
      if (!columns.some((name) => columnOf(table, name))) {
        throw new InPageError('INVALID_INPUT', `The CSV has none of the columns this model uses (${columns.join(', ')}).`, 'tabular');
      }
      if (table.rows > MAX_PREDICT_ROWS) throw new InPageError('TOO_LARGE', `The CSV has ${table.rows} rows; one call predicts up to ${MAX_PREDICT_ROWS}.`, 'tabular');
    }
    const read = readers(table);
    checkCells(transform, read, table.rows);
    const rows = Int32Array.from({ length: table.rows }, (_, i) => i);
    const model = await this.model(stored);
    const outputs = predictOutputs(model, encode(transform, read, rows), table.rows, transform.width);
    return Array.from(rows, (row): TabularPrediction => {
      const missing = columns.filter((name) => (read.get(name)?.(row) ?? null) === null);
      const extra = missing.length ? { missing } : {};
      const target = transform.target;
      if (target.task === 'regression') return { prediction: outputs[row]! * target.std + target.mean, ...extra };
      const k = target.classes.length;
      const probabilities = Object.fromEntries(target.classes.map((label, c) => [label, outputs[row * k + c]!]));
      const best = target.classes.reduce((a, b) => (probabilities[b]! > probabilities[a]! ? b : a));
      return { prediction: best, probabilities, ...extra };
    });
  }

  models(): Promise<ModelSummary[]> {
    return listModels(this.db);
  }

  async rename(id: string, name: string): Promise<ModelSummary> {
    const stored = await getModel(this.db, id);
    stored.name = name;
    await saveModel(this.db, stored);
    return summary(stored);
  }

  async delete(id: string): Promise<void> {
    await deleteModel(this.db, id);
    const model = this.loaded.get(id);
    this.loaded.delete(id);
    void model?.then(release, () => undefined);
  }

  async export(id: string): Promise<Blob> {
    return exportJson(await getModel(this.db, id));
  }

  async import(file: Blob): Promise<ModelSummary> {
    const stored = await importJson(file, crypto.randomUUID());
    // Refuse weights that do not fit the topology before they are stored.
    try {
      const model = await loadModel(stored);
      this.loaded.set(stored.id, Promise.resolve(model));
    } catch (error) {
      throw new InPageError('INVALID_INPUT', `The exported model does not load: ${error instanceof Error ? error.message : String(error)}`, 'tabular');
    }
    await saveModel(this.db, stored);
    return summary(stored);
  }

  private model(stored: StoredModel): Promise<tf.LayersModel> {
    let model = this.loaded.get(stored.id);
    if (!model) {
      model = loadModel(stored);
      this.loaded.set(stored.id, model);
      model.catch(() => this.loaded.delete(stored.id));
    }
    return model;
  }
}

/** The split, the transform fitted on the training rows, the three encoded sets, and how to judge outputs. */
function prepareData(table: Table, analysis: Analysis, targetName: string, seed: number) {
  const target = columnOf(table, targetName)!;
  const task = analysis.task!;
  const labelled = Int32Array.from({ length: table.rows }, (_, i) => i).filter((i) => !target.isMissing(i));
  if (labelled.length < MIN_ROWS) {
    throw new InPageError('INVALID_INPUT', `Only ${labelled.length} rows have a ${targetName}; at least ${MIN_ROWS} are needed to train and still test on rows the model has not seen.`, 'tabular');
  }
  const split = stratifiedSplit(labelled, seed, task === 'regression' ? undefined : (row) => target.text(row));
  const read = readers(table);
  const features = table.columns
    .filter((c) => !analysis.excluded.some((e) => e.column === c.name))
    .map((c) => ({ column: c.name, type: analysis.types.get(c.name)! }));
  if (!features.length) {
    const why = analysis.excluded.map((e) => `${e.column}: ${e.reason}`).join('; ');
    throw new InPageError('INVALID_INPUT', `No column is left to learn ${targetName} from (${why}).`, 'tabular');
  }
  const classes = analysis.classes ?? [];
  const cell = read.get(targetName)!;
  const transform = fitTransform(table, split.train, features, targetSpec(task, targetName, cell, split.train, classes));
  const matrix = (rows: Int32Array): Matrix => ({ x: encode(transform, read, rows), y: encodeTarget(transform.target, cell, rows), rows: rows.length });
  const train = matrix(split.train);
  const majority = mostFrequent(train.y, classes.length);
  const judge = (outputs: Float32Array, actual: Float32Array): Metrics =>
    transform.target.task === 'regression'
      ? regressionMetrics(unscale(actual, transform.target), unscale(outputs, transform.target), transform.target.mean)
      : classificationMetrics(actual, outputs, classes, majority);
  return { split, transform, train, validation: matrix(split.validation), test: matrix(split.test), classes, judge };
}

function loadModel(stored: StoredModel): Promise<tf.LayersModel> {
  const { modelTopology, weightSpecs, weightData } = stored.artifacts;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[], weightData }));
}

/** A word where the model expects a number is refused with its place, rather than silently imputed. */
function checkCells(transform: Transform, read: Map<string, Reader>, rows: number): void {
  for (const spec of transform.features) {
    const cell = read.get(spec.column);
    if (!cell) continue;
    for (let row = 0; row < rows; row += 1) {
      const value = cell(row);
      if (unreadable(spec, value)) {
        const wanted = spec.kind === 'number' ? 'a number' : 'a date (like 2024-05-31)';
        throw new InPageError('INVALID_INPUT', `Row ${row + 1}: ${spec.column} should be ${wanted}, not "${String(value).slice(0, 40)}".`, 'tabular');
      }
    }
  }
}

function mostFrequent(labels: Float32Array, classes: number): number {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts.indexOf(Math.max(...counts));
}

function unscale(values: Float32Array, target: { mean: number; std: number }): Float32Array {
  return values.map((v) => v * target.std + target.mean);
}

async function digest(blob: Blob): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}
