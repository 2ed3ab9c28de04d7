/** How good a model is on held-out rows, beside the baseline that guesses without looking at the row. */
import type { ClassificationMetrics, Metrics, RegressionMetrics } from './contract';

/**
 * `actual` holds class indices; `probabilities` is row-major, `labels.length` per row.
 * `majority` is the most frequent class in the training rows (the baseline's constant guess).
 */
export function classificationMetrics(actual: ArrayLike<number>, probabilities: ArrayLike<number>, labels: string[], majority: number): Metrics {
  const k = labels.length;
  const n = actual.length;
  const confusion = labels.map(() => new Array<number>(k).fill(0));
  let correct = 0;
  let baselineCorrect = 0;
  for (let i = 0; i < n; i += 1) {
    const predicted = argmax(probabilities, i * k, k);
    confusion[actual[i]!]![predicted]! += 1;
    if (predicted === actual[i]) correct += 1;
    if (actual[i] === majority) baselineCorrect += 1;
  }
  const perClass = labels.map((label, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[c]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  // Classes absent from the held-out rows have no recall to speak of: average over the present ones.
  const present = perClass.filter((c) => c.support > 0);
  const mean = (pick: (c: (typeof perClass)[number]) => number) => present.reduce((sum, c) => sum + pick(c), 0) / (present.length || 1);
  const aucs = k === 2 ? [rocAuc(actual, probabilities, k, 1)] : present.map((c) => rocAuc(actual, probabilities, k, labels.indexOf(c.label)));
  const result: ClassificationMetrics = {
    accuracy: n ? correct / n : 0,
    precision: mean((c) => c.precision),
    recall: mean((c) => c.recall),
    f1: mean((c) => c.f1),
    rocAuc: aucs.reduce((a, b) => a + b, 0) / (aucs.length || 1),
    perClass,
    confusion,
    labels,
    baseline: { accuracy: n ? baselineCorrect / n : 0, label: labels[majority] ?? '' },
  };
  return { kind: 'classification', ...result };
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>, trainMean: number): Metrics {
  const model = errors(actual, (i) => predicted[i]!);
  const baseline = errors(actual, () => trainMean);
  const result: RegressionMetrics = { ...model, baseline: { ...baseline, mean: trainMean } };
  return { kind: 'regression', ...result };
}

/** The one number a model is chosen and judged by: accuracy, or R². */
export function score(metrics: Metrics): number {
  return metrics.kind === 'classification' ? metrics.accuracy : metrics.r2;
}

function errors(actual: ArrayLike<number>, guess: (i: number) => number): { rmse: number; mae: number; r2: number } {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i += 1) mean += actual[i]! / n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const error = actual[i]! - guess(i);
    squared += error * error;
    absolute += Math.abs(error);
    total += (actual[i]! - mean) ** 2;
  }
  return { rmse: Math.sqrt(squared / n), mae: absolute / n, r2: total > 0 ? 1 - squared / total : 0 };
}

/** Area under the ROC curve of class `positive` against the rest: the chance a positive row outranks a negative one (ties count half). */
export function rocAuc(actual: ArrayLike<number>, probabilities: ArrayLike<number>, k: number, positive: number): number {
  const scored = Array.from({ length: actual.length }, (_, i) => ({ p: probabilities[i * k + positive]!, hit: actual[i] === positive }));
  scored.sort((a, b) => a.p - b.p);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < scored.length; ) {
    let j = i;
    while (j < scored.length && scored[j]!.p === scored[i]!.p) j += 1;
    const rank = (i + 1 + j) / 2; // average 1-based rank of the tied run
    for (let t = i; t < j; t += 1) {
      if (scored[t]!.hit) {
        positives += 1;
        rankSum += rank;
      }
    }
    i = j;
  }
  const negatives = scored.length - positives;
  if (!positives || !negatives) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function argmax(values: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c += 1) if (values[offset + c]! > values[offset + best]!) best = c;
  return best;
}
