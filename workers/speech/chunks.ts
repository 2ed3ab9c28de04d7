/** Where a long recording is cut for transcription: at quiet moments, so no word is split. */

/** Chunk boundaries about `size` samples apart, each moved to the quietest 20 ms within 2 s before it. */
export function chunkBounds(samples: Float32Array, size: number, sampleRate: number): [number, number][] {
  const bounds: [number, number][] = [];
  const frame = Math.round(0.02 * sampleRate);
  const search = 2 * sampleRate;
  let start = 0;
  while (samples.length - start > size) {
    let cut = start + size;
    let quietest = Infinity;
    for (let at = start + size - frame; at > start + size - search && at > start + frame; at -= frame) {
      let energy = 0;
      for (let k = at; k < at + frame; k += 1) energy += samples[k]! * samples[k]!;
      if (energy < quietest) [quietest, cut] = [energy, at + Math.floor(frame / 2)];
    }
    bounds.push([start, cut]);
    start = cut;
  }
  bounds.push([start, samples.length]);
  return bounds;
}
