/**
 * The samples an MP3 (MPEG audio, layers I to III) really holds, counted frame by frame rather than from
 * a Xing/Info frame count or the first frame's bitrate: walking from header to header as decoders do,
 * skipping a byte at a time wherever no header is, past tags and junk.
 */
import type { Counted } from './counted';

export interface MpegFrame {
  /** Bytes from this header to the next; free-format frames (no bitrate) count at their smallest. */
  length: number;
  rate: number;
  channels: number;
  samples: number;
  /** Bytes of side information: a Xing/Info tag follows them. */
  side: number;
}

const RATES = [44_100, 48_000, 32_000];
/** kbps by bitrate index 1 to 14: MPEG-1 layers I, II, III, then MPEG-2/2.5 layer I, then layers II and III. */
const BITRATES = {
  v1: [
    [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  v2: [
    [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
};

/** An MPEG audio frame header at `at`, or undefined. */
export function frameAt(bytes: Uint8Array, at: number): MpegFrame | undefined {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1]! & 0xe0) !== 0xe0) return undefined;
  const version = (bytes[at + 1]! >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = 4 - ((bytes[at + 1]! >> 1) & 3); // the field is 3 for layer I, 1 for layer III
  const bitrateIndex = bytes[at + 2]! >> 4;
  const rateIndex = (bytes[at + 2]! >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const v1 = version === 3;
  const padding = (bytes[at + 2]! >> 1) & 1;
  const mono = bytes[at + 3]! >> 6 === 3;
  const rate = RATES[rateIndex]! / (v1 ? 1 : version === 2 ? 2 : 4);
  const samples = layer === 1 ? 384 : layer === 3 && !v1 ? 576 : 1152;
  const side = layer !== 3 ? 0 : v1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const bitrate = bitrateIndex ? BITRATES[v1 ? 'v1' : 'v2'][layer - 1]![bitrateIndex - 1]! * 1000 : 0;
  const slot = layer === 1 ? 4 : 1;
  const length = bitrate ? (Math.floor((samples * bitrate) / 8 / rate / slot) + padding) * slot : 4 + side;
  return { length, rate, channels: mono ? 1 : 2, samples, side };
}

/** Every frame from `start`: samples at each frame's own rate. */
export function countMpeg(bytes: Uint8Array, start: number): Counted {
  let frames = 0, seconds = 0, rate = 0, channels = 1;
  for (let at = start; at + 4 <= bytes.length; ) {
    const frame = frameAt(bytes, at);
    if (!frame) {
      at += 1;
      continue;
    }
    frames += frame.samples;
    seconds += frame.samples / frame.rate;
    rate = Math.max(rate, frame.rate);
    channels = Math.max(channels, frame.channels);
    at += frame.length;
  }
  return { frames, rate, channels, seconds };
}
