/**
 * A small trained classifier over features (a sentence embedding, plus lexicon numbers): dense layers
 * ending in one logit, then Platt calibration, so its output is a probability (0.5 = unsure). Pure, so
 * the build script that trains a head scores it with this very code.
 */
export interface DenseLayer {
  /** out × in */
  weights: number[][];
  bias: number[];
  activation: 'relu' | 'linear';
}

export interface HeadFile {
  format: 'inpage-text-head/1';
  /** What the features are, in order, e.g. ["text-embedding-use-lite:512", "afinn:12"]. */
  inputs: string[];
  /** [negative class, positive class]. */
  labels: [string, string];
  layers: DenseLayer[];
  /** p = sigmoid(scale · logit + shift), fitted on held-out folds of the training data. */
  calibration: { scale: number; shift: number };
}

export function headLogit(head: HeadFile, features: ArrayLike<number>): number {
  let x = Array.from(features);
  for (const layer of head.layers) {
    x = layer.weights.map((row, o) => {
      let sum = layer.bias[o]!;
      for (let i = 0; i < row.length; i += 1) sum += row[i]! * x[i]!;
      return layer.activation === 'relu' ? Math.max(0, sum) : sum;
    });
  }
  return x[0]!;
}

/** The calibrated probability of the positive label (labels[1]). */
export function headProbability(head: HeadFile, features: ArrayLike<number>): number {
  return sigmoid(head.calibration.scale * headLogit(head, features) + head.calibration.shift);
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
