/**
 * The worker's spectrogram must be what the models were trained on: the arithmetic of Chrome's
 * AnalyserNode as speech-commands uses it, and the same numbers as models/speech/spectrogram.py.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_SAMPLE_RATE } from '../../workers/speech/contract';
import { BINS, FRAMES, SAMPLE_RATE, allFrames, commandFeatures, resampleLinear } from '../../workers/speech/spectrogram';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(ROOT, 'tests/fixtures/audio/yes.wav');
// models/speech/spectrogram.py's features of FIXTURE, written once by models/speech/make_spectrogram_reference.py (no Python at test time).
const REFERENCE = resolve(import.meta.dirname, 'fixtures/speech-spectrogram-yes.f32');

function readWav(path: string): { samples: Float32Array; sampleRate: number } {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  while (bytes.toString('ascii', at, at + 4) !== 'data') at += 8 + view.getUint32(at + 4, true);
  const count = view.getUint32(at + 4, true) / 2;
  const samples = Float32Array.from({ length: count }, (_, i) => view.getInt16(at + 8 + 2 * i, true) / 32768);
  return { samples, sampleRate: view.getUint32(24, true) };
}

describe('speech spectrogram', () => {
  it('puts a 1 kHz tone in its bin at the level a Blackman-windowed analyser reports', () => {
    const tone = Float32Array.from({ length: 2 * SAMPLE_RATE }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / SAMPLE_RATE));
    const { data, count } = allFrames(tone);
    const frame = data.subarray(10 * BINS, 11 * BINS);
    const loudest = frame.indexOf(Math.max(...frame));
    expect(count).toBe(Math.floor((2 * SAMPLE_RATE - 2048) / 1024) + 1);
    expect(loudest).toBe(Math.round(1000 / (SAMPLE_RATE / 2048)));
    // |X| of a unit sine through a Blackman window is 0.42 * N / 2, divided by N: -13.5 dB, less the bin offset.
    expect(frame[loudest]).toBeGreaterThan(-16);
    expect(frame[loudest]).toBeLessThan(-13);
    expect(frame[200]).toBeLessThan(-100);
  });

  it('reads audio at the rate the contract promises the page', () => expect(SAMPLE_RATE).toBe(COMMAND_SAMPLE_RATE));

  it('resamples 16 kHz to 44.1 kHz without changing the duration', () => {
    const { samples, sampleRate } = readWav(FIXTURE);
    const out = resampleLinear(samples, sampleRate);
    expect(Math.abs(out.length / SAMPLE_RATE - samples.length / sampleRate)).toBeLessThan(1e-3);
  });

  it('matches the training script on a fixture recording', () => {
    const { samples, sampleRate } = readWav(FIXTURE);
    const ours = commandFeatures(samples, sampleRate);
    const bytes = readFileSync(REFERENCE);
    const theirs = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(ours.length).toBe(FRAMES * BINS);
    expect(theirs.length).toBe(FRAMES * BINS);
    let worst = 0;
    for (let i = 0; i < ours.length; i += 1) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
    expect(worst).toBeLessThan(1e-3);
  });
});
