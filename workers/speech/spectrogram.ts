/**
 * The spectrogram the speech-commands BROWSER_FFT models read, computed in the worker (which has no
 * AnalyserNode): what Chrome's analyser gives the library with fftSize 2048 at 44.1 kHz, read every
 * 1024 samples: Blackman window, |FFT| / 2048 in dB, the first 232 bins, 43 frames (about one second).
 * models/speech/spectrogram.py is the same arithmetic for training; tests compare the two.
 */
// No imports: the bench loads this file on a bare page for the direct-library comparison.
/** contract.ts COMMAND_SAMPLE_RATE is the same number (a unit test checks). */
export const SAMPLE_RATE = 44_100;
export const WINDOW = 2048;
export const HOP = 1024;
export const BINS = 232;
export const FRAMES = 43;
/** Digital silence has no logarithm: the floor keeps a silent stretch from dominating the z-score. */
const FLOOR_DB = -120;

/** Linear interpolation to `target` Hz (the training script resamples the same way). */
export function resampleLinear(x: Float32Array, rate: number, target = SAMPLE_RATE): Float32Array {
  if (rate === target) return x;
  const n = Math.floor((x.length * target) / rate);
  const out = new Float32Array(n);
  const step = rate / target;
  const last = x.length - 1;
  for (let k = 0; k < n; k += 1) {
    const pos = k * step;
    const i = Math.min(Math.floor(pos), last);
    const j = Math.min(i + 1, last);
    const frac = pos - i;
    out[k] = x[i]! * (1 - frac) + x[j]! * frac;
  }
  return out;
}

const blackman = Float32Array.from({ length: WINDOW }, (_, k) => 0.42 - 0.5 * Math.cos((2 * Math.PI * k) / WINDOW) + 0.08 * Math.cos((4 * Math.PI * k) / WINDOW));

/** Every frame of a 44.1 kHz signal, [count][232] in dB, flat; a signal under a second is padded to one. */
export function allFrames(signal: Float32Array): { data: Float32Array; count: number } {
  const need = WINDOW + (FRAMES - 1) * HOP;
  let x = signal;
  if (x.length < need) {
    x = new Float32Array(need);
    x.set(signal, Math.floor((need - signal.length) / 2));
  }
  const count = Math.floor((x.length - WINDOW) / HOP) + 1;
  const data = new Float32Array(count * BINS);
  const re = new Float64Array(WINDOW);
  const im = new Float64Array(WINDOW);
  for (let f = 0; f < count; f += 1) {
    const offset = f * HOP;
    for (let k = 0; k < WINDOW; k += 1) {
      re[k] = x[offset + k]! * blackman[k]!;
      im[k] = 0;
    }
    fft(re, im);
    for (let b = 0; b < BINS; b += 1) {
      const magnitude = Math.hypot(re[b]!, im[b]!) / WINDOW;
      data[f * BINS + b] = Math.max(20 * Math.log10(Math.max(magnitude, 1e-30)), FLOOR_DB);
    }
  }
  return { data, count };
}

/** The model reads a word whose onset is this far into its one-second window (espeak's own lead-in). */
export const LEAD_SECONDS = 0.1;
const ONSET_BLOCK = 441;

/**
 * Where the loudest sound's stretch of activity starts: from the loudest 10 ms block, back until 0.3 s
 * stay 35 dB under it. The model is position-sensitive, so every clip is aligned by this onset.
 */
export function onset(x: Float32Array): number {
  const blocks = Math.floor(x.length / ONSET_BLOCK);
  if (blocks === 0) return 0;
  const envelope = new Float32Array(blocks);
  for (let b = 0; b < blocks; b += 1) {
    let m = 0;
    for (let k = b * ONSET_BLOCK; k < (b + 1) * ONSET_BLOCK; k += 1) m = Math.max(m, Math.abs(x[k]!));
    envelope[b] = m;
  }
  let peak = 0;
  for (let b = 1; b < blocks; b += 1) if (envelope[b]! > envelope[peak]!) peak = b;
  const threshold = envelope[peak]! * 10 ** (-35 / 20);
  let start = peak;
  for (let i = peak, quiet = 0; i > 0 && quiet < 30; ) {
    i -= 1;
    if (envelope[i]! > threshold) [start, quiet] = [i, 0];
    else quiet += 1;
  }
  return start * ONSET_BLOCK;
}

/** One spectrogram's worth of signal with the word's onset `lead` seconds in. */
export function placed(x: Float32Array, lead = LEAD_SECONDS): Float32Array {
  const out = new Float32Array(WINDOW + (FRAMES - 1) * HOP);
  const at = Math.round(lead * SAMPLE_RATE);
  const from = onset(x);
  out.set(x.subarray(from, from + out.length - at), at);
  return out;
}

/** z-score over the whole example, as speech-commands' normalize(). */
export function normalize(x: Float32Array): Float32Array {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / x.length) + 1e-7;
  return x.map((v) => (v - mean) / std);
}

/** The model input for a clip: resampled, aligned by its onset, framed, normalised ([43 * 232]). */
export function commandFeatures(samples: Float32Array, sampleRate: number): Float32Array {
  return normalize(allFrames(placed(resampleLinear(samples, sampleRate))).data);
}

/** In-place iterative radix-2 FFT (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let start = 0; start < n; start += size) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < size / 2; k += 1) {
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        [cr, ci] = [cr * wr - ci * wi, cr * wi + ci * wr];
      }
    }
  }
}
