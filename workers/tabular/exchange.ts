/**
 * A model as one JSON file (schema, transform, metrics, topology and base64 weights), and back. An
 * imported file is checked field by field and its weights against their specs before it is stored.
 */
import { z } from 'zod';
import { InPageError } from '../../src/core/errors';
import { fromBase64, toBase64 } from '../../src/runtime/storage/base64';
import { readJsonFile } from '../../src/runtime/input/json-file';
import type { StoredModel } from './stored-model';

const FORMAT = 'inpage-tabular-model';
const VERSION = 1;
const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

const scale = z.object({ median: z.number(), mean: z.number(), std: z.number() });
const feature = z.union([
  z.object({ kind: z.literal('number'), column: z.string(), type: z.string() }).extend(scale.shape),
  z.object({ kind: z.literal('category'), column: z.string(), type: z.string(), categories: z.array(z.string()), other: z.boolean() }),
  z.object({ kind: z.literal('date'), column: z.string(), type: z.string(), parts: z.array(scale) }),
]);
const target = z.union([
  z.object({ task: z.literal('regression'), column: z.string(), mean: z.number(), std: z.number() }),
  z.object({ task: z.enum(['binary', 'multiclass']), column: z.string(), classes: z.array(z.string()).min(2) }),
]);
/** An exported model is its JSON and weights: a few MB at most; anything far larger is not one. */
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

const modelFields = z
  .object({
    name: z.string().min(1).max(200),
    task: z.enum(['binary', 'multiclass', 'regression']),
    target: z.string(),
    kind: z.enum(['linear', 'mlp']),
    transform: z.object({ features: z.array(feature).min(1), width: z.number().int().min(1), target }),
    metrics: z.object({ kind: z.enum(['classification', 'regression']) }).loose(),
  })
  .loose();
const weightSpecs = z.array(z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.string() }));
const exported = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  model: modelFields,
  artifacts: z.object({ modelTopology: z.object({}).loose(), weightSpecs, weightData: z.string() }),
});

/** A model as the store holds it: what lists and predictions read back (checked on a data import). */
export const storedModel = modelFields.extend({
  id: z.string().min(1),
  createdAt: z.number(),
  features: z.array(z.unknown()),
  importance: z.array(z.object({ column: z.string(), drop: z.number() })),
  fingerprint: z.object({ sha256: z.string(), rows: z.number(), columns: z.number() }),
  artifacts: z.object({ modelTopology: z.object({}).loose(), weightSpecs, weightData: z.instanceof(ArrayBuffer) }),
});

export function exportJson(model: StoredModel): Blob {
  const { artifacts, ...rest } = model;
  delete (rest as Partial<StoredModel>).id;
  const file = { format: FORMAT, version: VERSION, model: rest, artifacts: { ...artifacts, weightData: toBase64(artifacts.weightData) } };
  return new Blob([JSON.stringify(file)], { type: 'application/json' });
}

/** The stored model an exported file describes, under a new id. */
export async function importJson(file: Blob, id: string): Promise<StoredModel> {
  const json = await readJsonFile(file, { service: 'tabular', maxBytes: MAX_MODEL_FILE_BYTES, what: 'exported models', invalid: notAModel });
  const parsed = exported.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw notAModel(`${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const { model, artifacts } = parsed.data;
  const weightData = bytes(artifacts.weightData);
  const expected = artifacts.weightSpecs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * (BYTES_PER_DTYPE[spec.dtype] ?? NaN), 0);
  if (expected !== weightData.byteLength) throw notAModel(`its weights are ${weightData.byteLength} bytes where the specs need ${expected}`);
  return { ...(model as unknown as Omit<StoredModel, 'id' | 'artifacts'>), id, artifacts: { ...artifacts, weightData } };
}

function notAModel(why: string): InPageError {
  return new InPageError('INVALID_INPUT', `This file is not an exported InPage tabular model (${why}).`, 'tabular');
}

function bytes(text: string): ArrayBuffer {
  try {
    return fromBase64(text).buffer;
  } catch {
    throw notAModel('its weights are not base64');
  }
}
