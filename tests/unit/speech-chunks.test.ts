/** Long recordings are cut for transcription at quiet moments, never mid-word, covering every sample once. */
import { describe, expect, it } from 'vitest';
import { chunkBounds } from '../../workers/speech/chunks';

const RATE = 16_000;

/** Four-second "sentences" of tone with 0.5 s of silence between them. */
function speechLike(seconds: number): Float32Array {
  return Float32Array.from({ length: seconds * RATE }, (_, i) => (i % (4.5 * RATE) < 4 * RATE ? Math.sin(i / 5) * 0.5 : 0));
}

describe('transcription chunks', () => {
  it('covers the recording end to end in chunks no longer than asked', () => {
    const samples = speechLike(48);
    const bounds = chunkBounds(samples, 15 * RATE, RATE);
    expect(bounds[0]![0]).toBe(0);
    expect(bounds.at(-1)![1]).toBe(samples.length);
    for (let i = 1; i < bounds.length; i += 1) expect(bounds[i]![0]).toBe(bounds[i - 1]![1]);
    for (const [start, end] of bounds) expect(end - start).toBeLessThanOrEqual(15 * RATE);
    expect(bounds.length).toBe(4);
  });

  it('cuts inside the silences', () => {
    const samples = speechLike(48);
    for (const [, end] of chunkBounds(samples, 15 * RATE, RATE).slice(0, -1)) expect(samples[end]).toBe(0);
  });

  it('leaves a short recording whole', () => {
    expect(chunkBounds(new Float32Array(5 * RATE), 15 * RATE, RATE)).toEqual([[0, 5 * RATE]]);
  });
});
