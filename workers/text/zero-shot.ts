/**
 * Zero-shot labels without an NLI model: each label becomes a few short prompts ("This is about a movie."),
 * their sentence embeddings are averaged into one vector per label, and a text's scores are a softmax over
 * its cosine similarity to each label. With enough texts in one request, each label's vector is then moved
 * once toward the texts it won (one k-means step, no labels used): the labels fit the texts' own wording.
 * Pure, so the bench and the tuning check run this very code.
 */
import type { LabelScore } from './contract';

/** Prompt templates averaged per label; `{}` is the label. */
export const ZERO_SHOT_TEMPLATES = ['This is about {}.', 'A review of {}.', 'My opinion of {}.', 'I am talking about {}.'];
/** Below this many texts a label's winners are too few to describe it, and the prompts alone decide. */
export const REFINE_MIN_TEXTS = 20;
/** Cosine differences are small (0.0x); this spreads them into usable probabilities. */
const SHARPNESS = 30;

export function labelPrompts(label: string): string[] {
  return ZERO_SHOT_TEMPLATES.map((template) => template.replace('{}', label));
}

/** One vector per label: the normalised mean of its prompts' embeddings (given labels × templates, in that order). */
export function labelVectors(promptEmbeddings: Float32Array[], labels: number): Float32Array[] {
  const per = promptEmbeddings.length / labels;
  return Array.from({ length: labels }, (_, l) => normalise(mean(promptEmbeddings.slice(l * per, (l + 1) * per))));
}

/** Each label vector moved halfway toward the mean of the texts it wins (as many texts as the request has). */
export function refineLabelVectors(vectors: Float32Array[], texts: Float32Array[]): Float32Array[] {
  if (texts.length < REFINE_MIN_TEXTS) return vectors;
  const winners = texts.map((t) => argmax(vectors.map((v) => dot(t, v))));
  return vectors.map((v, l) => {
    const members = texts.filter((_, i) => winners[i] === l);
    if (!members.length) return v;
    const centroid = normalise(mean(members));
    return normalise(v.map((x, i) => x + centroid[i]!));
  });
}

/** Every label's score for one text embedding, best first. */
export function zeroShotScores(text: Float32Array, labels: string[], vectors: Float32Array[]): LabelScore[] {
  const logits = vectors.map((v) => SHARPNESS * dot(text, v));
  const top = Math.max(...logits);
  const exp = logits.map((z) => Math.exp(z - top));
  const total = exp.reduce((a, b) => a + b, 0);
  return labels.map((label, i) => ({ label, score: exp[i]! / total })).sort((a, b) => b.score - a.score);
}

function argmax(values: number[]): number {
  return values.indexOf(Math.max(...values));
}

function mean(vectors: Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < v.length; i += 1) out[i] = out[i]! + v[i]! / vectors.length;
  return out;
}

function normalise(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}
