// What a telephone line does to speech, for the bench: band-limited to 300-3,400 Hz and carried at 8 kHz.
const PHONE_RATE = 8000;
const TAPS = 101;

/** Windowed-sinc band-pass filter taps for [low, high] Hz at `rate`. */
function bandPass(low, high, rate) {
  const taps = new Float64Array(TAPS);
  const mid = (TAPS - 1) / 2;
  const sinc = (f, n) => (n === 0 ? 2 * f : Math.sin(2 * Math.PI * f * n) / (Math.PI * n));
  for (let i = 0; i < TAPS; i += 1) {
    const n = i - mid;
    const hamming = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (TAPS - 1));
    taps[i] = (sinc(high / rate, n) - sinc(low / rate, n)) * hamming;
  }
  return taps;
}

/** Samples as a phone line carries them: { samples (plain array), sampleRate: 8000 }. */
export function phoneLine(samples, sampleRate) {
  const taps = bandPass(300, 3400, sampleRate);
  const step = sampleRate / PHONE_RATE;
  const out = [];
  for (let t = 0; t < samples.length; t += step) {
    const at = Math.round(t);
    let sum = 0;
    for (let k = 0; k < TAPS; k += 1) sum += taps[k] * (samples[at + k - (TAPS - 1) / 2] ?? 0);
    out.push(sum);
  }
  return { samples: out, sampleRate: PHONE_RATE };
}
