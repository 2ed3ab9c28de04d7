/**
 * The two models and their training loop. Everything random is seeded (weights, batch order), so the
 * same seed on the same data and backend gives the same model. Training stops early once validation
 * loss stops improving, keeps the best epoch's weights, and yields between batches so heartbeats,
 * progress and cancellation get through.
 */
import { tf } from '../../src/runtime/backends/tf';
import type { EpochPoint, Task } from './contract';
import { random, shuffle } from './split';

export type Kind = 'linear' | 'mlp';
const HIDDEN = [32, 16];
const LEARNING_RATE = { linear: 0.05, mlp: 0.01 };
const YIELD_EVERY_MS = 40;

export interface Matrix {
  x: Float32Array;
  /** Class index or standardised value per row. */
  y: Float32Array;
  rows: number;
}

export function buildModel(kind: Kind, task: Task, inputs: number, classes: number, seed: number): tf.LayersModel {
  const model = tf.sequential();
  const layers = kind === 'mlp' ? HIDDEN : [];
  layers.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [inputs] : undefined, kernelInitializer: tf.initializers.heNormal({ seed: seed + i }) })),
  );
  const outputs = task === 'multiclass' ? classes : 1;
  const activation = task === 'multiclass' ? 'softmax' : task === 'binary' ? 'sigmoid' : 'linear';
  model.add(
    tf.layers.dense({
      units: outputs,
      activation,
      inputShape: layers.length ? undefined : [inputs],
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + layers.length }),
    }),
  );
  const loss = task === 'multiclass' ? 'categoricalCrossentropy' : task === 'binary' ? 'binaryCrossentropy' : 'meanSquaredError';
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE[kind]), loss });
  return model;
}

export interface FitOptions {
  kind: Kind;
  task: Task;
  classes: number;
  seed: number;
  maxEpochs: number;
  patience: number;
  signal: AbortSignal;
  /** Validation score of the epoch (accuracy or R²) from the model's outputs on the validation rows. */
  validationScore: (outputs: Float32Array) => number;
  onEpoch: (point: EpochPoint) => void;
}

export interface Fitted {
  model: tf.LayersModel;
  epochs: number;
  history: EpochPoint[];
}

export async function fit(train: Matrix, validation: Matrix, width: number, options: FitOptions): Promise<Fitted> {
  const { kind, task, classes, seed, signal } = options;
  const model = buildModel(kind, task, width, classes, seed);
  const next = random(seed ^ 0x5eed);
  const batchSize = Math.min(512, Math.max(32, 2 ** Math.round(Math.log2(train.rows / 50))));
  const xTrain = tf.tensor2d(train.x, [train.rows, width]);
  const yTrain = targets(train, task, classes);
  const xVal = tf.tensor2d(validation.x, [validation.rows, width]);
  const yVal = targets(validation, task, classes);
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  const history: EpochPoint[] = [];
  let best: { loss: number; weights: tf.Tensor[]; epoch: number } | undefined;
  let lastYield = performance.now();
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch += 1) {
      const started = performance.now();
      shuffle(order, next);
      const index = tf.tensor1d(order, 'int32');
      const [xs, ys] = [tf.gather(xTrain, index), tf.gather(yTrain, index)];
      index.dispose();
      let lossSum = 0;
      try {
        for (let start = 0; start < train.rows; start += batchSize) {
          signal.throwIfAborted();
          const size = Math.min(batchSize, train.rows - start);
          const xb = xs.slice([start, 0], [size, width]);
          const yb = ys.slice([start, 0], [size, ys.shape[1]!]);
          const loss = (await model.trainOnBatch(xb, yb)) as number;
          xb.dispose();
          yb.dispose();
          lossSum += loss * size;
          if (performance.now() - lastYield > YIELD_EVERY_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
        }
      } finally {
        xs.dispose();
        ys.dispose();
      }
      const trainMs = performance.now() - started;
      const outputs = predictOutputs(model, validation.x, validation.rows, width);
      const valLoss = tf.tidy(() => (model.evaluate(xVal, yVal) as tf.Scalar).dataSync()[0]!);
      const point: EpochPoint = {
        model: kind,
        epoch,
        loss: lossSum / train.rows,
        valLoss,
        valMetric: options.validationScore(outputs),
        rowsPerSecond: train.rows / (trainMs / 1000),
      };
      history.push(point);
      options.onEpoch(point);
      if (!best || valLoss < best.loss - 1e-5) {
        best?.weights.forEach((w) => w.dispose());
        best = { loss: valLoss, weights: model.getWeights().map((w) => w.clone()), epoch };
      } else if (epoch - best.epoch >= options.patience) {
        break;
      }
    }
    if (best) model.setWeights(best.weights);
    return { model, epochs: history.length, history };
  } catch (error) {
    release(model);
    throw error;
  } finally {
    best?.weights.forEach((w) => w.dispose());
    tf.dispose([xTrain, yTrain, xVal, yVal]);
  }
}

/**
 * The model's outputs for `rows` encoded rows, in batches: class probabilities (row-major, one per
 * class; binary gives two, [1 − p, p]) or the standardised value.
 */
export function predictOutputs(model: tf.LayersModel, x: Float32Array, rows: number, width: number, batch = 8192): Float32Array {
  const units = model.outputs[0]!.shape[1]!;
  const perRow = units === 1 && isBinary(model) ? 2 : units;
  const out = new Float32Array(rows * perRow);
  for (let start = 0; start < rows; start += batch) {
    const size = Math.min(batch, rows - start);
    const values = tf.tidy(() => (model.predict(tf.tensor2d(x.subarray(start * width, (start + size) * width), [size, width])) as tf.Tensor).dataSync());
    if (perRow === 2 && units === 1) {
      for (let i = 0; i < size; i += 1) {
        out[(start + i) * 2] = 1 - values[i]!;
        out[(start + i) * 2 + 1] = values[i]!;
      }
    } else {
      out.set(values, start * perRow);
    }
  }
  return out;
}

function isBinary(model: tf.LayersModel): boolean {
  const last = model.layers[model.layers.length - 1]!.getConfig();
  return last.activation === 'sigmoid';
}

function targets(matrix: Matrix, task: Task, classes: number): tf.Tensor2D {
  if (task === 'multiclass') return tf.tidy(() => tf.oneHot(tf.tensor1d(matrix.y, 'int32'), classes).toFloat() as tf.Tensor2D);
  return tf.tensor2d(matrix.y, [matrix.rows, 1]);
}

/**
 * An epoch of the MLP on 4,096 rows × 64 columns in batches of 512, the batch size training uses for
 * large tables: what the backend measurement times. (Smaller steps flatter the CPU backend, which then
 * trains real tables at half the speed of WASM.)
 */
export async function warmupStep(): Promise<void> {
  const rows = 4096;
  const width = 64;
  const batch = 512;
  const model = buildModel('mlp', 'binary', width, 2, 1);
  const x = tf.tensor2d(Float32Array.from({ length: rows * width }, (_, i) => ((i * 7919) % 997) / 997 - 0.5), [rows, width]);
  const y = tf.tensor2d(Float32Array.from({ length: rows }, (_, i) => i % 2), [rows, 1]);
  try {
    for (let start = 0; start < rows; start += batch) {
      const [xb, yb] = [x.slice([start, 0], [batch, width]), y.slice([start, 0], [batch, 1])];
      await model.trainOnBatch(xb, yb);
      tf.dispose([xb, yb]);
    }
  } finally {
    tf.dispose([x, y]);
    release(model);
  }
}

/** Frees a model and its optimizer's state: a model compiled with an optimizer instance leaves it to its owner. */
export function release(model: tf.LayersModel): void {
  (model.optimizer as tf.Optimizer | undefined)?.dispose();
  model.dispose();
}
