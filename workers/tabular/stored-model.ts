/** A trained model as the store keeps it: the type both the store and the JSON exchange read and write. */
import type { ModelSummary } from './contract';
import type { Transform } from './prepare';

/** What tf.io hands a save handler, kept as is so the model loads back with tf.io.fromMemory. */
export interface Artifacts {
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

export interface StoredModel extends ModelSummary {
  transform: Transform;
  artifacts: Artifacts;
}
