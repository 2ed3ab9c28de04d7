// The image service through the SDK against the same model called directly on the page, timed one way
// wherever the two are compared (bench/image.mjs, bench/engines.mjs): warm-ups first, then N pairs
// interleaved, so both see the same machine load over time.
/* global window -- runs inside the page (page.evaluate, or an engine session's run) */

/** Page code: needs `window.ai` (connected), `window.inpageDirect` (loaded) and `window.benchImage`. */
export async function sdkAgainstDirect({ warmup, n }) {
  const { ai, inpageDirect, benchImage } = window;
  const time = async (fn) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const viaSdk = () => ai.image.classify(benchImage, { topK: 5 });
  const viaDirect = () => inpageDirect.classify(benchImage, 5);
  for (let i = 0; i < warmup; i += 1) {
    await viaSdk();
    await viaDirect();
  }
  const sdk = [];
  const direct = [];
  for (let i = 0; i < n; i += 1) {
    sdk.push(await time(viaSdk));
    direct.push(await time(viaDirect));
  }
  return { sdk, direct };
}
