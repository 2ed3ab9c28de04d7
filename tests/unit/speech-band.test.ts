/** Telephone recordings are told from wideband ones, and get back the top band the 16 kHz model expects. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withBand } from '../../workers/speech/band';
import { LIBRIVOX } from '../fixtures/librivox.mjs';

const RATE = 16_000;

function readWav(path: string): Float32Array {
  const bytes = readFileSync(path);
  let at = 12;
  while (bytes.toString('ascii', at, at + 4) !== 'data') at += 8 + bytes.readUInt32LE(at + 4);
  return Float32Array.from({ length: bytes.readUInt32LE(at + 4) / 2 }, (_, i) => bytes.readInt16LE(at + 8 + 2 * i) / 32768);
}

/** Tones across a phone's band (300-3,400 Hz) at 16 kHz: what a browser makes of an 8 kHz call. */
function phoneBandTones(seconds: number): Float32Array {
  const tones = [300, 700, 1200, 2100, 3400];
  return Float32Array.from({ length: seconds * RATE }, (_, i) => tones.reduce((sum, f, k) => sum + Math.sin((2 * Math.PI * f * i) / RATE + k) * 0.1, 0));
}

/** Amplitude of the `hz` component of a 16 kHz signal. */
function amplitudeAt(x: Float32Array, hz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i += 1) {
    re += x[i]! * Math.cos((2 * Math.PI * hz * i) / RATE);
    im -= x[i]! * Math.sin((2 * Math.PI * hz * i) / RATE);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

describe('recording band', () => {
  it('takes a recording made at 8 kHz for a telephone and leaves its samples as they are', () => {
    const samples = phoneBandTones(1);
    const heard = withBand(samples, 8000);
    expect(heard.band).toBe('telephone');
    expect(heard.samples).toBe(samples);
  });

  it('takes real read speech at 16 kHz for wideband and leaves it as it is', () => {
    for (const { path } of LIBRIVOX) {
      const samples = readWav(path);
      const heard = withBand(samples, RATE);
      expect(heard.band, path).toBe('wide');
      expect(heard.samples).toBe(samples);
    }
  });

  it('takes 16 kHz audio with nothing above 4 kHz for a telephone, and fills its top band with the image', () => {
    const samples = phoneBandTones(2);
    const heard = withBand(samples, 48_000);
    expect(heard.band).toBe('telephone');
    expect(heard.samples.length).toBe(samples.length);
    // 700 Hz mirrored about 4 kHz: 7,300 Hz, absent before.
    expect(amplitudeAt(samples, 7300)).toBeLessThan(1e-3);
    expect(amplitudeAt(heard.samples, 7300)).toBeGreaterThan(1e-3);
    expect(amplitudeAt(heard.samples, 700)).toBeGreaterThan(0.09);
  });

  it('takes silence and noise for wideband', () => {
    expect(withBand(new Float32Array(RATE), RATE).band).toBe('wide');
    let seed = 1;
    const noise = Float32Array.from({ length: RATE }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.2);
    expect(withBand(noise, RATE).band).toBe('wide');
  });
});
