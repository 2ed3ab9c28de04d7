// The two ImageNet classifiers that ship (MobileNet v1 0.75, the default, and 0.25), side by side in one
// run: what each names the fixture photos, how sure it is of the right class, and one classify call's
// median time on the same photo, through the SDK on wasm.
/* global window -- used inside page.evaluate */
import { fixture } from '../tests/fixtures/files.mjs';
import { ms, ratio, record, stats, table } from './harness.mjs';

const MODELS = ['mobilenet-v1-0.75-224', 'mobilenet-v1-0.25-224'];
/** Each photo with the ImageNet classes that are right for it. */
const PHOTOS = {
  'coffee.png': ['espresso', 'cup', 'coffee mug'],
  'chelsea.png': ['Egyptian cat', 'tabby, tabby cat', 'tiger cat', 'lynx, catamount'],
};
const ROUNDS = 20;

export async function run(bench) {
  const photos = Object.fromEntries(Object.keys(PHOTOS).map((name) => [name, fixture(`images/${name}`).toString('base64')]));
  const measured = {};
  for (const model of MODELS) {
    const { context, page } = await bench.openPage(`?backend=wasm&model=${model}`);
    measured[model] = await page.evaluate(
      async ({ photos, rounds }) => {
        const blobs = Object.fromEntries(Object.entries(photos).map(([name, data]) => [name, new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'image/png' })]));
        const answers = {};
        for (const [name, blob] of Object.entries(blobs)) answers[name] = await window.ai.image.classify(blob, { topK: 1000 });
        const times = [];
        for (let i = 0; i < rounds; i += 1) {
          const started = performance.now();
          await window.ai.image.classify(blobs['coffee.png'], { topK: 5 });
          times.push(performance.now() - started);
        }
        return { answers, times };
      },
      { photos, rounds: ROUNDS },
    );
    await context.close();
  }

  const rows = [];
  for (const model of MODELS) {
    const { answers, times } = measured[model];
    for (const [photo, right] of Object.entries(PHOTOS)) {
      const ranked = answers[photo];
      const rank = ranked.findIndex((p) => right.includes(p.label)) + 1;
      const sure = ranked.filter((p) => right.includes(p.label)).reduce((sum, p) => sum + p.probability, 0);
      rows.push([model, photo, ranked[0].label, String(rank), sure.toFixed(3)]);
    }
    const median = stats(times).median;
    rows.push([model, `classify coffee.png, median of ${ROUNDS}`, `${ms(median)} ms`]);
    record('classifiers', `${model}: classify one photo, median`, median, { unit: 'ms' });
  }
  table(['model', 'photo', 'first label', 'rank of right class', 'probability of right classes'], rows);
  const slower = stats(measured[MODELS[0]].times).median / stats(measured[MODELS[1]].times).median;
  console.log(`  ${MODELS[0]} takes ${ratio(slower)} the time of ${MODELS[1]} per call, in the same run.`);
  record('classifiers', `${MODELS[0]} / ${MODELS[1]}, time per call`, slower, { unit: 'x' });
}
