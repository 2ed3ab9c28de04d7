// L2-regularised logistic regression by Newton's method, in float64 JS: exact and deterministic,
// so a build script run twice writes the same weights. Small problems only (features in the hundreds).

/**
 * Fits w (last entry = bias, not penalised) minimising log-loss + Σ lambda_j/2 · w_j². X: rows of features;
 * lambda: one number for every feature, or one per feature (groups of features penalised apart).
 */
export function fitLogistic(X, y, lambda, { iterations = 30, start } = {}) {
  const n = X.length;
  const d = X[0].length + 1;
  const penalty = typeof lambda === 'number' ? new Float64Array(d - 1).fill(lambda) : Float64Array.from(lambda);
  // Rows with the bias input appended, as flat float64 for the inner loops.
  const rows = X.map((x) => Float64Array.from([...x, 1]));
  // A warm start (the fit for a neighbouring lambda) needs fewer steps to the same optimum.
  const w = start ? Float64Array.from(start) : new Float64Array(d);
  for (let iter = 0; iter < iterations; iter += 1) {
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    for (let i = 0; i < n; i += 1) {
      const x = rows[i];
      let z = 0;
      for (let a = 0; a < d; a += 1) z += w[a] * x[a];
      const p = sigmoid(z);
      const g = p - y[i];
      const h = Math.max(p * (1 - p), 1e-10);
      for (let a = 0; a < d; a += 1) {
        const hx = h * x[a];
        grad[a] += g * x[a];
        const row = a * d;
        for (let b = 0; b <= a; b += 1) hess[row + b] += hx * x[b];
      }
    }
    for (let a = 0; a < d; a += 1) {
      for (let b = 0; b < a; b += 1) hess[b * d + a] = hess[a * d + b];
      if (a < d - 1) {
        grad[a] += penalty[a] * w[a];
        hess[a * d + a] += penalty[a];
      } else hess[a * d + a] += 1e-8;
    }
    const step = solveCholesky(hess, grad, d);
    let size = 0;
    for (let a = 0; a < d; a += 1) {
      w[a] -= step[a];
      size = Math.max(size, Math.abs(step[a]));
    }
    if (size < 1e-7) break;
  }
  return w;
}

export function logit(w, x) {
  return dotBias(w, x);
}

export function sigmoid(z) {
  return 1 / (1 + Math.exp(-z));
}

function dotBias(w, x) {
  let sum = w[w.length - 1];
  for (let i = 0; i < x.length; i += 1) sum += w[i] * x[i];
  return sum;
}

/** Solves A s = b for a symmetric positive-definite A (row-major, d × d). */
function solveCholesky(A, b, d) {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = A[i * d + j];
      for (let k = 0; k < j; k += 1) sum -= L[i * d + k] * L[j * d + k];
      L[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / L[j * d + j];
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i += 1) {
    let sum = b[i];
    for (let k = 0; k < i; k += 1) sum -= L[i * d + k] * z[k];
    z[i] = sum / L[i * d + i];
  }
  const s = new Float64Array(d);
  for (let i = d - 1; i >= 0; i -= 1) {
    let sum = z[i];
    for (let k = i + 1; k < d; k += 1) sum -= L[k * d + i] * s[k];
    s[i] = sum / L[i * d + i];
  }
  return s;
}

/** A seeded shuffle (mulberry32), so folds are the same on every run. */
export function seededOrder(n, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** k folds of indices, each class spread evenly across them. */
export function stratifiedFolds(y, k, seed) {
  const folds = Array.from({ length: k }, () => []);
  for (const label of [0, 1]) {
    seededOrder(y.length, seed)
      .filter((i) => y[i] === label)
      .forEach((i, j) => folds[j % k].push(i));
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** Platt scaling: p = sigmoid(scale · z + shift) fitted on held-out logits. */
export function fitPlatt(z, y) {
  const w = fitLogistic(z.map((v) => [v]), y, 0);
  return { scale: w[0], shift: w[1] };
}

/** Column means and standard deviations, to put every feature on one scale before the L2 penalty. */
export function standardiser(X) {
  const d = X[0].length;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const x of X) for (let j = 0; j < d; j += 1) mean[j] += x[j] / X.length;
  for (const x of X) for (let j = 0; j < d; j += 1) std[j] += (x[j] - mean[j]) ** 2 / X.length;
  for (let j = 0; j < d; j += 1) std[j] = Math.sqrt(std[j]) || 1;
  return { mean, std, apply: (x) => Array.from(x, (v, j) => (v - mean[j]) / std[j]) };
}
