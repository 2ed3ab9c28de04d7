#!/usr/bin/env node
// Builds the project's own sentiment model, `text-sentiment-inpage`: a calibrated logistic head on
// Universal Sentence Encoder lite embeddings plus AFINN lexicon features.
//
//     node models/build-text-sentiment.mjs [--cache DIR]     (a few minutes on one core; --cache keeps embeddings)
//
// Data: the UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015) as npm `sentiment@5.0.2` ships them
// in test/fixtures (a devDependency). amazon + yelp train and tune (5-fold cross-validation picks the L2
// strengths, one for the 512 embedding dimensions and one for the dozen lexicon numbers, which say far more
// each; Platt scaling is fitted on the out-of-fold logits); imdb is only scored, at the end, for REPORT.json.
// Writes models/text-sentiment-inpage/{head.json,afinn.json,REPORT.json} and the manifest beside it.
// Deterministic: seeded folds and exact Newton steps, so a second run writes the same bytes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitLogistic, fitPlatt, logit, standardiser, stratifiedFolds } from './logistic.mjs';
import { importTs } from './ts-module.mjs';
import { loadUseLite } from './use-node.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const ID = 'text-sentiment-inpage';
const OUT = join(HERE, ID);
const require = createRequire(import.meta.url);
const SENTIMENT_DIR = dirname(require.resolve('sentiment/package.json'));
const TRAIN = ['amazon', 'yelp'];
const EVALUATE = ['imdb'];
/** L2 strengths tried, on standardised features: [embedding, lexicon]. */
const LAMBDAS = [300, 1000].flatMap((embedding) => [1, 10].map((lexicon) => [embedding, lexicon]));
const FOLDS = 5;
const SEED = 12;

const args = process.argv.slice(2);
const cacheDir = args.includes('--cache') ? args[args.indexOf('--cache') + 1] : undefined;

const lexiconTs = await importTs(join(ROOT, 'workers/text/lexicon.ts'));
const headTs = await importTs(join(ROOT, 'workers/text/head.ts'));
const afinn = {
  source: `npm sentiment@${require('sentiment/package.json').version} languages/en (AFINN-165 and its negators)`,
  words: JSON.parse(readFileSync(join(SENTIMENT_DIR, 'languages/en/labels.json'), 'utf8')),
  negators: Object.keys(JSON.parse(readFileSync(join(SENTIMENT_DIR, 'languages/en/negators.json'), 'utf8'))),
};
const lexicon = lexiconTs.parseLexicon(afinn);

const sets = Object.fromEntries(
  // Each file ends with one empty row, left out: 1,000 sentences each.
  [...TRAIN, ...EVALUATE].map((name) => [name, JSON.parse(readFileSync(join(SENTIMENT_DIR, `test/fixtures/${name}.json`), 'utf8')).filter((row) => row.text.trim())]),
);
const embeddings = await embedAll(sets);
const features = (name) => sets[name].map((row, i) => [...embeddings[name][i], ...lexiconTs.lexiconFeatures(row.text, lexicon)]);

// Training rows: amazon + yelp.
const X = TRAIN.flatMap(features);
const y = TRAIN.flatMap((name) => sets[name].map((row) => row.class));
const scale = standardiser(X);
const Xs = X.map(scale.apply);
const EMBEDDING_WIDTH = embeddings[TRAIN[0]][0].length;
const penalty = ([embedding, lexicon]) => X[0].map((_, j) => (j < EMBEDDING_WIDTH ? embedding : lexicon));

// 5-fold cross-validation for the L2 strength; out-of-fold logits calibrate the chosen one.
const folds = stratifiedFolds(y, FOLDS, SEED);
// Strongest penalty first; each fold's fit starts from its fit for the previous lambda.
const warm = folds.map(() => undefined);
const cv = [...LAMBDAS].reverse().map((lambdas) => {
  const lambda = lambdas.join('/');
  const z = new Float64Array(y.length);
  folds.forEach((fold, f) => {
    const held = new Set(fold);
    const train = y.map((_, i) => i).filter((i) => !held.has(i));
    const w = (warm[f] = fitLogistic(train.map((i) => Xs[i]), train.map((i) => y[i]), penalty(lambdas), { start: warm[f] }));
    for (const i of fold) z[i] = logit(w, Xs[i]);
  });
  const accuracy = y.filter((label, i) => (z[i] > 0 ? 1 : 0) === label).length / y.length;
  console.error(`lambda ${lambda}: cross-validated accuracy ${accuracy.toFixed(4)}`);
  return { lambda, lambdas, accuracy, z: Array.from(z) };
});
// Ties go to the stronger penalty (the earlier entry).
const best = cv.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
const calibration = fitPlatt(best.z, y);

// The final head on every training row, with the standardisation folded into its weights.
const w = fitLogistic(Xs, y, penalty(best.lambdas), { start: warm[0] });
const d = X[0].length;
const weights = Array.from({ length: d }, (_, j) => w[j] / scale.std[j]);
const bias = w[d] - weights.reduce((sum, v, j) => sum + v * scale.mean[j], 0);
const head = {
  format: 'inpage-text-head/1',
  inputs: ['text-embedding-use-lite:512', `afinn:${lexiconTs.LEXICON_FEATURES}`],
  labels: ['NEGATIVE', 'POSITIVE'],
  layers: [{ weights: [weights.map(round)], bias: [round(bias)], activation: 'linear' }],
  calibration: { scale: round(calibration.scale), shift: round(calibration.shift) },
};

// Scored with the worker's own head code, on the held-out imdb sentences and (for calibration) out of fold.
const report = {
  data: 'UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015), from npm sentiment@5.0.2 test/fixtures',
  trained_on: TRAIN,
  evaluated_on: EVALUATE,
  features: head.inputs,
  lambda: { embedding: best.lambdas[0], lexicon: best.lambdas[1] },
  // Keys: "embedding/lexicon" L2 strengths.
  cross_validation: Object.fromEntries(cv.map((c) => [c.lambda, round4(c.accuracy)])),
  calibration: head.calibration,
};
for (const name of EVALUATE) {
  const p = features(name).map((x) => headTs.headProbability(head, x));
  const labels = sets[name].map((row) => row.class);
  report[name] = {
    sentences: labels.length,
    accuracy: round4(labels.filter((label, i) => (p[i] > 0.5 ? 1 : 0) === label).length / labels.length),
    log_loss: round4(-labels.reduce((sum, label, i) => sum + Math.log(label ? p[i] : 1 - p[i]), 0) / labels.length),
    expected_calibration_error: round4(ece(p, labels)),
    afinn_accuracy: round4(labels.filter((label, i) => (lexiconTs.lexiconScore(sets[name][i].text, lexicon) > 0 ? 1 : 0) === label).length / labels.length),
  };
}
// For tests/e2e/text-fidelity.spec.ts: what the worker must answer for these sentences (it runs the same code).
const sample = features(EVALUATE[0]).slice(0, 24);
report.fidelity = sample.map((x, i) => ({ text: sets[EVALUATE[0]][i].text, positive: round(headTs.headProbability(head, x)) }));
console.error(JSON.stringify({ ...report, fidelity: undefined }, null, 2));

mkdirSync(OUT, { recursive: true });
const files = { 'head.json': JSON.stringify(head), 'afinn.json': JSON.stringify(afinn) };
for (const [name, text] of Object.entries(files)) writeFileSync(join(OUT, name), text);
writeFileSync(join(OUT, 'REPORT.json'), `${JSON.stringify(report, null, 2)}\n`);
const manifest = {
  id: ID,
  name: 'Sentiment (USE lite + AFINN head, built by this project)',
  service: 'text',
  task: 'sentiment-analysis',
  runtime: 'json',
  license: 'MIT (model); data: UCI Sentiment Labelled Sentences (CC BY 4.0); AFINN-165 (ODbL) via npm sentiment (MIT)',
  sources: [{ base: `${ID}/` }],
  files: Object.entries(files).map(([path, text]) => ({ path, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') })),
  labels: head.labels,
  options: { embedder: 'text-embedding-use-lite', head: 'head.json', lexicon: 'afinn.json' },
};
writeFileSync(join(HERE, `${ID}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
console.error(`wrote ${OUT} and models/${ID}.json`);

/** USE lite embeddings per set, kept in --cache DIR (keyed by the texts) when given. */
async function embedAll(named) {
  const key = createHash('sha256').update(JSON.stringify(named)).digest('hex').slice(0, 16);
  const cached = cacheDir && join(cacheDir, `sentiment-embeddings-${key}.json`);
  if (cached && existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8'));
  const use = await loadUseLite();
  const out = {};
  for (const [name, rows] of Object.entries(named)) out[name] = (await use.embedAll(rows.map((r) => r.text), 50, name)).map((v) => Array.from(v));
  if (cached) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, JSON.stringify(out));
  }
  return out;
}

/** Expected calibration error over ten equal-width probability bins. */
function ece(p, labels) {
  let sum = 0;
  for (let bin = 0; bin < 10; bin += 1) {
    const members = p.map((v, i) => i).filter((i) => Math.min(9, Math.floor(p[i] * 10)) === bin);
    if (!members.length) continue;
    const confidence = members.reduce((s, i) => s + p[i], 0) / members.length;
    const positive = members.reduce((s, i) => s + labels[i], 0) / members.length;
    sum += (members.length / p.length) * Math.abs(confidence - positive);
  }
  return sum;
}

function round(v) {
  return Number(v.toPrecision(7));
}
function round4(v) {
  return Number(v.toFixed(4));
}
