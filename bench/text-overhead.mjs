// Where the text service's batch-1 overhead goes, measured on the bench page already connected: for each
// model, one text through the SDK, the same text called directly on the page, and an empty round trip
// (ai.text.read of one word: bus validation, two thread hops and Comlink, no model). One call at a time,
// the SDK call costs the direct call plus about one empty round trip: each hop waits for the other thread
// to be woken, which a call that never leaves the page does not. With 32 single-text calls sent at once,
// the service joins those waiting into one model run (src/runtime/serving/coalesce.ts), so the hops are shared.
/* global window */
import { loadTextDirect } from './text-direct.mjs';
import { ms, record, stats, table } from './harness.mjs';

const ROUNDS = 40;
/** Single-text calls sent at once in the burst rounds. */
const BURST = 32;
const BURST_ROUNDS = 12;
/** Calls each side makes before timing: the page's own copy of the model must be as warm as the worker's. */
const WARMUP = 100;
const MAILS = [
  'Subject: Meeting tomorrow\n\nCan we move the review to 3pm? I have a clash with the budget call.',
  'Subject: WIN A FREE CRUISE\n\nClick here now to claim your prize, limited offer!!!',
  'Subject: Re: patch\n\nThe patch looks fine to me, merged it into the tree last night.',
];

/** The sentiment model's direct call must already be on the page; the spam detector's is loaded here, after. */
export async function measureOverhead(page, { texts, sentimentModel, own }) {
  const calls = [
    { name: `sentiment (${sentimentModel})`, sdk: 'sentiment', texts: texts.slice(0, 3), own },
    { name: 'classify (spam-detector)', sdk: 'spam', texts: MAILS, own: false },
  ];
  const rows = [];
  for (const call of calls) {
    if (call.sdk === 'spam') await loadTextDirect(page, { task: 'text-classification', model: 'spam-detector', dtype: 'q8' });
    const result = await page.evaluate(
      async ({ call, rounds, burst, burstRounds, warmup }) => {
        const { ai } = window;
        const viaSdk = (text) => (call.sdk === 'spam' ? ai.text.classify([text], { model: 'spam-detector', batchSize: 1 }) : ai.text.sentiment([text], { batchSize: 1 }));
        const viaDirect = (text) => (call.sdk === 'spam' ? window.textDirect([text], { top_k: null }) : call.own ? window.sentimentDirect([text]) : window.textDirect([text], { top_k: 1 }));
        const time = async (fn) => {
          const started = performance.now();
          await fn();
          return performance.now() - started;
        };
        const all = (fn) => () => Promise.all(Array.from({ length: burst }, (_, i) => fn(call.texts[i % call.texts.length])));
        const out = { sdk: [], direct: [], empty: [], sdkBurst: [], directBurst: [] };
        for (let r = 0; r < warmup; r += 1) {
          await viaSdk(call.texts[r % call.texts.length]);
          await viaDirect(call.texts[r % call.texts.length]);
        }
        // Interleaved, so all three see the same machine load over time.
        for (let r = 0; r < rounds; r += 1) {
          const text = call.texts[r % call.texts.length];
          out.sdk.push(await time(() => viaSdk(text)));
          out.direct.push(await time(() => viaDirect(text)));
          out.empty.push(await time(() => ai.text.read(['x'])));
        }
        // The same single-text calls, `burst` sent at once; per text.
        for (let r = 0; r < burstRounds; r += 1) {
          out.sdkBurst.push((await time(all(viaSdk))) / burst);
          out.directBurst.push((await time(all(viaDirect))) / burst);
        }
        return out;
      },
      { call, rounds: ROUNDS, burst: BURST, burstRounds: BURST_ROUNDS, warmup: WARMUP },
    );
    const [sdk, direct, empty, sdkBurst, directBurst] = [result.sdk, result.direct, result.empty, result.sdkBurst, result.directBurst].map((v) => stats(v).median);
    rows.push([call.name, ms(sdk), ms(direct), ms(empty), `${(sdk / direct).toFixed(2)}x`, ms(sdkBurst), ms(directBurst), `${(sdkBurst / directBurst).toFixed(2)}x`]);
    record('text', `${call.name}: batch 1, ${BURST} calls at once, SDK time / direct time`, sdkBurst / directBurst, { unit: 'x', target: '<= 1.5' });
    record('text', `${call.name}: batch 1, one call at a time, SDK time / direct time`, sdk / direct, { unit: 'x', note: 'the direct call plus one empty round trip between threads' });
    record('text', `${call.name}: empty round trip beside it (ai.text.read), median`, empty, { unit: 'ms' });
  }
  console.log(`Batch 1, median ms: one call at a time (${ROUNDS} interleaved rounds; empty = ai.text.read of one word: bus + two thread hops, no model),`);
  console.log(`and per text with ${BURST} single-text calls sent at once (${BURST_ROUNDS} rounds; the service joins them into one model run):`);
  table(['call', 'SDK', 'direct', 'empty round trip', 'SDK/direct', `SDK, ${BURST} at once`, `direct, ${BURST} at once`, 'SDK/direct'], rows);
}
