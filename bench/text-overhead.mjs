// Where the text service's batch-1 overhead goes, measured on the bench page already connected: for each
// model, one text through the SDK, the same text called directly on the page, and an empty round trip
// (ai.text.read of one word: bus validation, two thread hops and Comlink, no model). The SDK call costs the
// direct call plus about one empty round trip; on a loaded machine each hop waits for the worker's thread
// to be scheduled, which a call that never leaves the page does not.
/* global window */
import { loadTextDirect } from './text-direct.mjs';
import { ms, record, stats, table } from './harness.mjs';

const ROUNDS = 40;
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
      async ({ call, rounds }) => {
        const { ai } = window;
        const viaSdk = (text) => (call.sdk === 'spam' ? ai.text.classify([text], { model: 'spam-detector', batchSize: 1 }) : ai.text.sentiment([text], { batchSize: 1 }));
        const viaDirect = (text) => (call.sdk === 'spam' ? window.textDirect([text], { top_k: null }) : call.own ? window.sentimentDirect([text]) : window.textDirect([text], { top_k: 1 }));
        const time = async (fn) => {
          const started = performance.now();
          await fn();
          return performance.now() - started;
        };
        const out = { sdk: [], direct: [], empty: [] };
        for (let r = 0; r < 3; r += 1) await Promise.all([viaSdk(call.texts[r % call.texts.length]), viaDirect(call.texts[r % call.texts.length])]);
        // Interleaved, so all three see the same machine load over time.
        for (let r = 0; r < rounds; r += 1) {
          const text = call.texts[r % call.texts.length];
          out.sdk.push(await time(() => viaSdk(text)));
          out.direct.push(await time(() => viaDirect(text)));
          out.empty.push(await time(() => ai.text.read(['x'])));
        }
        return out;
      },
      { call, rounds: ROUNDS },
    );
    const [sdk, direct, empty] = [result.sdk, result.direct, result.empty].map((v) => stats(v).median);
    rows.push([call.name, ms(sdk), ms(direct), ms(empty), `${(sdk / direct).toFixed(2)}x`]);
    if (call.sdk === 'spam') record('text', 'spam-detector classify, SDK time / direct time, batch 1', sdk / direct, { unit: 'x', target: '<= 1.5' });
    record('text', `${call.name}: empty round trip beside it (ai.text.read), median`, empty, { unit: 'ms' });
  }
  console.log(`Batch 1, median ms over ${ROUNDS} interleaved rounds (empty = ai.text.read of one word: bus + two thread hops, no model):`);
  table(['call', 'SDK', 'direct', 'empty round trip', 'SDK/direct'], rows);
}
