// The tabular service: parsing and training throughput at 10k and 100k rows of synthetic customer
// data (generated on the page, seeded), per backend, and the page's longest main-thread task meanwhile.
/* global window -- used inside page.evaluate */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ms, root, table } from './harness.mjs';

const SIZES = [10_000, 100_000];
const EPOCHS = 3;
const BACKENDS = ['wasm', 'cpu', 'webgl'];
const TIMEOUT_MS = 600_000;
const ROUNDS = 3;

export async function run(bench) {
  console.log('Tabular service: synthetic churn data (12 columns: numbers with gaps, categories, yes/no, a date, an id), target "churn"');
  console.log(`Training: the MLP for ${EPOCHS} epochs (early stopping off); rows/s is training rows over an epoch's time, median of the epochs\n`);
  const rows = [];
  for (const size of SIZES) rows.push(await measure(bench, size, 12, ''));
  rows.push(await measure(bench, 100_000, 100, ''));
  table(
    ['rows × columns', 'MB', 'parse+profile ms', 'parse rows/s', 'epoch rows/s', 'train total ms', 'longest task ms', 'backend', 'accuracy / baseline'],
    rows.map((r) => [r.shape, r.mb, ms(r.parseMs), r.parseRate, r.epochRate, ms(r.trainMs), ms(r.longestTask), r.backend, r.accuracy]),
  );
  console.log('  longest task: the longest PerformanceObserver "longtask" on the page while it parsed and trained (0 = none over 50 ms)');
  console.log('  train total: parse again, prepare, the epochs, test metrics, permutation importance, save; accuracy on the held-out 15%');

  console.log(`\nTraining epoch rows/s per backend, 10,000 rows, forced with ?backend=NAME (fresh page each), ${ROUNDS} rounds interleaved, best epoch`);
  const best = new Map();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const backend of BACKENDS) {
      if (round > 0 && backend === 'webgl') continue; // one round tells: it is several times slower
      const r = await measure(bench, 10_000, 12, `?backend=${backend}`);
      const top = Math.max(...r.rates);
      if (!best.has(backend) || top > best.get(backend).top) best.set(backend, { ...r, top });
    }
  }
  const wasm = best.get('wasm').top;
  table(
    ['backend', 'epoch rows/s', 'vs wasm', 'train total ms'],
    [...best].map(([backend, r]) => [backend, String(Math.round(r.top)), `${(r.top / wasm).toFixed(2)}x`, ms(r.trainMs)]),
  );
  await quality(bench);
  const { context, page } = await bench.openPage('');
  const choice = await page.evaluate(async () => {
    await window.ai.tabular.listModels();
    const replica = (await window.ai.metrics()).tabular.replicas[0];
    return { backend: replica.backend, timings: replica.backendTimings };
  });
  await context.close();
  const timings = Object.entries(choice.timings ?? {}).map(([name, t]) => `${name} ${ms(t)} ms`).join(', ');
  console.log(`\nThe service's own start-up measurement (an epoch of the MLP on 4,096 rows × 64 in batches of 512, best of 5): picks ${choice.backend} (${timings})`);
}

/** Held-out quality on the real penguins fixture, seed 42: each candidate beside the baseline. */
async function quality(bench) {
  const csv = readFileSync(resolve(root, 'tests/fixtures/tabular/penguins.csv'), 'utf8');
  const { context, page } = await bench.openPage('');
  const results = await page.evaluate(async (csv) => {
    const species = await window.ai.tabular.train({ csv, target: 'Species', seed: 42 });
    const mass = await window.ai.tabular.train({ csv, target: 'Body Mass (g)', seed: 42 });
    return [species, mass].map((r) => ({ target: r.target, kept: r.kind, candidates: r.candidates, importance: r.importance.slice(0, 2) }));
  }, csv);
  await context.close();
  console.log('\nHeld-out quality on penguins.csv (344 rows, 19 missing cells), seed 42, 15% test rows');
  const rows = [];
  for (const r of results) {
    for (const c of r.candidates) {
      const m = c.metrics;
      const value = m.kind === 'classification' ? `accuracy ${m.accuracy.toFixed(3)}, macro F1 ${m.f1.toFixed(3)}, AUC ${m.rocAuc.toFixed(3)}` : `R² ${m.r2.toFixed(3)}, RMSE ${m.rmse.toFixed(0)} g, MAE ${m.mae.toFixed(0)} g`;
      rows.push([r.target, `${c.kind}${c.kind === r.kept ? ' (kept)' : ''}`, String(c.epochs), value]);
    }
    const b = r.candidates[0].metrics.baseline;
    rows.push([r.target, 'baseline', '-', 'accuracy' in b ? `accuracy ${b.accuracy.toFixed(3)} (always ${b.label})` : `R² ${b.r2.toFixed(3)}, RMSE ${b.rmse.toFixed(0)} g (always the mean)`]);
    rows.push([r.target, 'top columns', '-', r.importance.map((i) => `${i.column} ${i.drop.toFixed(3)}`).join(', ')]);
  }
  table(['target', 'model', 'epochs', 'held-out'], rows);
}

async function measure(bench, size, columns, query) {
  const { context, page } = await bench.openPage(query);
  try {
    const result = await page.evaluate(
      async ({ size, columns, epochs, timeoutMs }) => {
        const csv = generate(size, columns);
        const blob = new Blob([csv], { type: 'text/csv' });
        const { ai } = window;
        await ai.tabular.listModels(); // start the service first: its start-up is not parsing
        let longest = 0;
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const parseStarted = performance.now();
        await ai.tabular.profile(blob, { timeoutMs });
        const parseMs = performance.now() - parseStarted;
        const rates = [];
        const trainStarted = performance.now();
        const trained = await ai.tabular.train(
          { csv: blob, target: 'churn', model: 'mlp', maxEpochs: epochs, patience: 100, seed: 1 },
          { timeoutMs, onProgress: (p) => p.phase === 'epoch' && rates.push(p.point.rowsPerSecond) },
        );
        const trainMs = performance.now() - trainStarted;
        await new Promise((resolve) => setTimeout(resolve, 100)); // let the last long task be reported
        observer.disconnect();
        const replica = (await ai.metrics()).tabular.replicas[0];
        return { bytes: blob.size, parseMs, trainMs, rates, longest, backend: replica.backend, accuracy: trained.metrics.accuracy, baseline: trained.metrics.baseline.accuracy };

        // Customers with a churn flag that depends on contract, tenure, charges and support calls, plus noise.
        function generate(n, width) {
          let state = 12345;
          const random = () => {
            // mulberry32 (integer arithmetic: a float LCG loses bits and repeats rows)
            state = (state + 0x6d2b79f5) | 0;
            let t = Math.imul(state ^ (state >>> 15), 1 | state);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
          };
          const pick = (items) => items[Math.floor(random() * items.length)];
          const extra = Math.max(0, width - 12);
          const header = ['customer_id', 'age', 'tenure_months', 'monthly_charges', 'total_charges', 'contract', 'payment', 'internet', 'senior', 'signup_date', 'support_calls'];
          for (let i = 0; i < extra; i += 1) header.push(`usage_${i + 1}`);
          header.push('churn');
          const lines = [header.join(',')];
          for (let i = 0; i < n; i += 1) {
            const tenure = Math.floor(random() * 72);
            const contract = pick(['month-to-month', 'month-to-month', 'one year', 'two year']);
            const monthly = 20 + random() * 100;
            const calls = Math.floor(-Math.log(random() + 1e-9) * 1.5);
            const age = random() < 0.05 ? '' : String(18 + Math.floor(random() * 70));
            const date = new Date(Date.UTC(2015, 0, 1) + Math.floor(random() * 3000) * 86400000).toISOString().slice(0, 10);
            const logit = -1 + (contract === 'month-to-month' ? 1.5 : -1) - tenure / 24 + (monthly - 70) / 40 + calls * 0.4 + (random() - 0.5) * 2;
            const row = [`C${100000 + i}`, age, tenure, monthly.toFixed(2), random() < 0.02 ? '' : (monthly * tenure).toFixed(2), contract, pick(['card', 'bank transfer', 'electronic check', 'mailed check']), pick(['DSL', 'Fiber optic', 'None']), random() < 0.16 ? 'yes' : 'no', date, calls];
            for (let j = 0; j < extra; j += 1) row.push((random() * 1000).toFixed(1));
            row.push(logit > 0 ? 'yes' : 'no');
            lines.push(row.join(','));
          }
          return `${lines.join('\n')}\n`;
        }
      },
      { size, columns, epochs: EPOCHS, timeoutMs: TIMEOUT_MS },
    );
    const median = [...result.rates].sort((a, b) => a - b)[Math.floor(result.rates.length / 2)];
    return {
      shape: `${size.toLocaleString('en')} × ${columns}`,
      mb: (result.bytes / 1e6).toFixed(1),
      parseMs: result.parseMs,
      parseRate: String(Math.round(size / (result.parseMs / 1000))),
      epochRate: String(Math.round(median)),
      rates: result.rates,
      epochRateValue: median,
      trainMs: result.trainMs,
      longestTask: result.longest,
      accuracy: `${result.accuracy.toFixed(3)} / ${result.baseline.toFixed(3)}`,
      backend: result.backend,
    };
  } finally {
    await context.close();
  }
}
