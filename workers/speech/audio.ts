/** Checks on the samples a caller sent, before any model sees them: length caps, NaNs, silence. */
import { InPageError } from '../../src/core/errors';
import { formatSeconds, type Samples } from './contract';

/** Peak below this (about -66 dBFS) counts as silence: a muted or unplugged microphone, an empty track. */
const SILENCE_PEAK = 5e-4;

export function checkAudio({ samples, sampleRate }: Samples, maxSeconds: number, { allowSilence = false } = {}): void {
  if (samples.length === 0) throw invalid('The audio is empty: it has no samples.');
  const seconds = samples.length / sampleRate;
  if (seconds > maxSeconds) {
    throw new InPageError(
      'TOO_LARGE',
      `The audio is ${formatSeconds(seconds)} long; this accepts up to ${formatSeconds(maxSeconds)}. Trim or split the recording.`,
      'speech',
      { seconds, maxSeconds },
    );
  }
  let peak = 0;
  for (const v of samples) {
    if (!Number.isFinite(v)) throw invalid('The audio contains samples that are not numbers (NaN or infinity).');
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  if (peak < SILENCE_PEAK && !allowSilence) throw invalid('The audio is silent: there is nothing to recognise. Check that the microphone is on and not muted.');
}

function invalid(message: string): InPageError {
  return new InPageError('INVALID_INPUT', message, 'speech');
}
