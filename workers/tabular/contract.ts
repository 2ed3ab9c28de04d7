/** The tabular service's API: what the bus validates and what the SDK's `ai.tabular` offers. */
import { z } from 'zod';
import { defineContract, returns, type Progress } from '../../src/core/protocol';

/** Larger files are refused before reading: 100,000 rows × 100 numeric columns fit well below this. */
export const MAX_FILE_BYTES = 80 * 1024 * 1024;
/** Columns one table may have; counted while the file streams in, before any row is built. */
export const MAX_COLUMNS = 1000;
/** A categorical target with more classes than this is refused (it is an id or free text, not a label). */
export const MAX_CLASSES = 50;
/** Categories with their own one-hot column; rarer ones share "other". */
export const MAX_CATEGORIES = 20;
/** Rows one predict call accepts. */
export const MAX_PREDICT_ROWS = 100_000;

export type CsvInput = string | Blob;

const isBlob = (value: unknown) => typeof Blob === 'function' && value instanceof Blob;

const csvInput = z.custom<CsvInput>((value) => typeof value === 'string' || isBlob(value), {
  message: 'Expected CSV: a string, or a File or Blob holding comma-, tab- or semicolon-separated text.',
});

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** One row to predict: column name → value; columns the model does not use are ignored. */
const rowInput = z.record(z.string(), cellValue);

export const MODEL_KINDS = ['auto', 'linear', 'mlp'] as const;

const trainRequest = z.object({
  csv: csvInput,
  target: z.string().min(1, 'Name the column to predict (the target).'),
  /** `auto` trains the linear baseline and the MLP and keeps the one better on validation rows. */
  model: z.enum(MODEL_KINDS).default('auto'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  maxEpochs: z.number().int().min(1).max(1000).default(100),
  /** Epochs without a better validation loss before training stops. */
  patience: z.number().int().min(1).max(100).default(10),
  name: z.string().max(200).optional(),
});

export const tabularContract = defineContract({
  name: 'tabular',
  methods: {
    profile: { idempotent: true, args: ['csv'], input: z.object({ csv: csvInput, target: z.string().optional() }), output: returns<DataProfile>() },
    train: { args: ['request'], input: z.object({ request: trainRequest }), output: returns<TrainResult>() },
    predict: {
      idempotent: true,
      args: ['modelId', 'input'],
      input: z.object({
        modelId: z.string().min(1),
        input: z.union([z.array(rowInput).min(1, 'Give at least one row to predict.').max(MAX_PREDICT_ROWS), csvInput]),
      }),
      output: returns<TabularPrediction[]>(),
    },
    /** The trained models stored, newest first. */
    listModels: { needs: 'storage', idempotent: true, args: [], input: z.object({}), output: returns<ModelSummary[]>() },
    renameModel: { needs: 'storage', args: ['id', 'name'], input: z.object({ id: z.string(), name: z.string().min(1).max(200) }), output: returns<ModelSummary>() },
    deleteModel: { needs: 'storage', args: ['id'], input: z.object({ id: z.string() }), output: returns<void>() },
    /** A JSON file with the schema, transform, metrics and weights (base64). */
    exportModel: { needs: 'storage', idempotent: true, args: ['id'], input: z.object({ id: z.string() }), output: returns<Blob>() },
    importModel: {
      needs: 'storage',
      args: ['file'],
      input: z.object({ file: z.custom<Blob>(isBlob, { message: 'Expected an exported model file (JSON).' }) }),
      output: returns<ModelSummary>(),
    },
  },
  // One training at a time per replica; training 100,000 rows takes minutes on a busy machine.
  limits: { concurrency: 1, maxQueue: 32, timeoutMs: 600_000, heartbeatTimeoutMs: 30_000, memoryBudgetBytes: 1024 * 2 ** 20 },
});

export type TrainRequest = z.input<typeof trainRequest>;
export type ModelKind = (typeof MODEL_KINDS)[number];
export type Cell = string | number | boolean | null;
export type TabularRow = Record<string, Cell>;

export type ColumnType = 'number' | 'category' | 'boolean' | 'date' | 'text' | 'id' | 'empty';
export type Task = 'binary' | 'multiclass' | 'regression';

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  missing: number;
  distinct: number;
  /** The most frequent values with their counts (at most 5). */
  top: { value: string; count: number }[];
  /** Numbers and dates (as epoch ms). */
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  /** Values beyond 1.5 interquartile ranges from the quartiles. */
  outliers?: number;
  /** What training does with the column, in words ("left out: identifier", "one-hot: 3 values + missing"…). */
  use: string;
}

export interface Problem {
  level: 'error' | 'warning' | 'info';
  column?: string;
  message: string;
}

export interface TargetProfile {
  name: string;
  /** Undefined when the column cannot be predicted (see problems). */
  task?: Task;
  /** Class balance of a classification target, largest first. */
  classes?: { label: string; count: number }[];
}

export interface DataProfile {
  rows: number;
  delimiter: string;
  /** False when the first line held data, and columns were named "Column 1"… */
  header: boolean;
  columns: ColumnProfile[];
  missingCells: number;
  problems: Problem[];
  target?: TargetProfile;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Macro averages over the classes. */
  precision: number;
  recall: number;
  f1: number;
  /** Binary: ROC AUC of the positive class; multi-class: the macro one-vs-rest average. */
  rocAuc: number;
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[];
  /** confusion[actual][predicted], in the order of `labels`. */
  confusion: number[][];
  labels: string[];
  /** Always predicting the most frequent training class. */
  baseline: { accuracy: number; label: string };
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
  /** Always predicting the training mean. */
  baseline: { rmse: number; mae: number; r2: number; mean: number };
}

export type Metrics = ({ kind: 'classification' } & ClassificationMetrics) | ({ kind: 'regression' } & RegressionMetrics);

export interface EpochPoint {
  model: 'linear' | 'mlp';
  epoch: number;
  loss: number;
  valLoss: number;
  /** Validation accuracy (classification) or R² (regression). */
  valMetric: number;
  /** Training rows per second in this epoch. */
  rowsPerSecond: number;
}

/** What `train` reports per epoch through onProgress: a Progress with the epoch's numbers. */
export interface EpochProgress extends Progress {
  phase: 'epoch';
  point: EpochPoint;
}

export function isEpochProgress(progress: Progress): progress is EpochProgress {
  return progress.phase === 'epoch' && 'point' in progress;
}

export interface FeatureUse {
  column: string;
  type: ColumnType;
  /** How the column becomes numbers, in words (e.g. "missing → median 4050, standardised"). */
  preparation: string;
  /** The values a category column was trained with (the rest count as "other"). */
  categories?: string[];
}

export interface ModelSummary {
  id: string;
  name: string;
  createdAt: number;
  task: Task;
  target: string;
  kind: 'linear' | 'mlp';
  classes?: string[];
  features: FeatureUse[];
  metrics: Metrics;
  importance: { column: string; drop: number }[];
  fingerprint: { sha256: string; rows: number; columns: number };
  seed: number;
  backend: string;
}

export interface TrainResult extends ModelSummary {
  modelId: string;
  /** Columns left out of the features, with the reason. */
  excluded: { column: string; reason: string }[];
  split: { train: number; validation: number; test: number };
  history: EpochPoint[];
  /** Held-out metrics of each model trained (`auto` trains both). */
  candidates: { kind: 'linear' | 'mlp'; epochs: number; metrics: Metrics }[];
  /** Problems the data profile found, repeated so the caller sees what was dropped. */
  problems: Problem[];
}

export interface TabularPrediction {
  /** The predicted class, or the predicted number for regression. */
  prediction: string | number;
  /** Per class, for classification; they sum to 1. */
  probabilities?: Record<string, number>;
  /** Feature columns the row lacked (imputed as in training). */
  missing?: string[];
}
