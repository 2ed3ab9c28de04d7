/**
 * Which band a recording carries, and telephone audio made ready for PocketSphinx's en-us model, which was
 * trained on 16 kHz speech. A telephone carries 300-3,400 Hz at 8 kHz, so the model's filters above 4 kHz
 * hear nothing; the mirror image of the lower band that linear upsampling from 8 kHz leaves there serves
 * the model better than silence, and the decoder's settings for that band differ (`telephoneArgs` in the
 * manifest). Both measured per source in `npm run bench speech` (docs/speech.md).
 */
import { resampleLinear } from './spectrogram';

export type Band = 'wide' | 'telephone';

const RATE = 16000;
const TAPS = 101;
const CUTOFF_HZ = 4000;
/** A browser's resampler leaves a phone call's top band about 65 dB down, real wideband speech 4-25 dB. */
const EMPTY_DB = -40;
/** Every fourth output sample of the filter is enough to measure an energy. */
const STEP = 4;

/** Windowed-sinc high-pass taps above CUTOFF_HZ at 16 kHz (Hamming). */
const HIGH_PASS = Float64Array.from({ length: TAPS }, (_, i) => {
  const n = i - (TAPS - 1) / 2;
  const f = CUTOFF_HZ / RATE;
  const lowPass = n === 0 ? 2 * f : Math.sin(2 * Math.PI * f * n) / (Math.PI * n);
  return ((n === 0 ? 1 : 0) - lowPass) * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (TAPS - 1)));
});

/**
 * `samples` (16 kHz, recorded at `recordedRate`) as the model should hear them, and their band: telephone
 * where the recording was made at under 16 kHz (linearly upsampled: its top band holds the image already)
 * or holds almost nothing above 4 kHz (a browser's resampler left it empty: made again through 8 kHz).
 */
export function withBand(samples: Float32Array, recordedRate: number): { samples: Float32Array; band: Band } {
  if (recordedRate < RATE) return { samples, band: 'telephone' };
  if (!emptyAbove4k(samples)) return { samples, band: 'wide' };
  // Nothing above 4 kHz: every other sample is the recording at 8 kHz, with no aliasing.
  const narrow = Float32Array.from({ length: Math.ceil(samples.length / 2) }, (_, i) => samples[2 * i]!);
  return { samples: resampleLinear(narrow, RATE / 2, RATE).subarray(0, samples.length), band: 'telephone' };
}

function emptyAbove4k(samples: Float32Array): boolean {
  const half = (TAPS - 1) / 2;
  let high = 0;
  let all = 0;
  for (let t = half; t < samples.length - half; t += STEP) {
    let sum = 0;
    for (let k = 0; k < TAPS; k += 1) sum += HIGH_PASS[k]! * samples[t + k - half]!;
    high += sum * sum;
    all += samples[t]! * samples[t]!;
  }
  return all > 0 && 10 * Math.log10(high / all + 1e-30) < EMPTY_DB;
}
