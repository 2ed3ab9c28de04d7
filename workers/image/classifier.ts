/** What an ImageNet classifier is to the image service, whichever runtime runs it (engine.ts, onnx-classifier.ts). */
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { Classification } from './contract';

/** Records one phase of a request (the replica's report keeps them per phase). */
export type Phase = Runtime['phase'];

export interface Classifier {
  manifest: ModelManifest;
  /** The picture at the model's input size (a picture of another size is scaled to it). */
  classify(picture: ImageBitmap, topK: number): Promise<Classification[]>;
  /** The pooled features before the ImageNet layer: what custom classes compare. */
  embed(picture: ImageBitmap): Promise<Float32Array>;
}

/** Runs `work` and records how long it took as the phase `name`. */
export function timed<T>(phase: Phase, name: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    phase(name, performance.now() - started);
  }
}

/** The k most probable classes of a probability vector already in memory. */
export function topKOf(probabilities: Float32Array, labels: readonly string[], k: number): Classification[] {
  const best: number[] = [];
  for (let i = 0; k > 0 && i < probabilities.length; i += 1) {
    const p = probabilities[i]!;
    if (best.length === k) {
      if (p <= probabilities[best[k - 1]!]!) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && probabilities[best[at - 1]!]! < p) at -= 1;
    best.splice(at, 0, i);
  }
  return best.map((index) => ({ label: labels[index] ?? `class ${index}`, probability: probabilities[index]! }));
}
