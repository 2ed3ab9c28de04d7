/**
 * The samples a FLAC file really holds, counted from every frame header rather than STREAMINFO (which may
 * say 0 or anything): a decoder outputs each frame's block size, and a constant-value frame of a few bytes
 * can carry 65,535 samples. Frames have no length field, so every position that starts a header with a
 * valid CRC-8 is counted, as the decoders' own sync does; a chance match only adds to the count.
 */
import type { Counted } from './counted';

/** Sample rates by the frame header's 4-bit code (0: STREAMINFO's; 12 to 14 follow the header; 15 invalid). */
const RATES = [0, 88_200, 176_400, 192_000, 8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000];

export function countFlac(bytes: Uint8Array, streamRate: number): Counted {
  let frames = 0;
  let channels = 0;
  let rate = streamRate;
  for (let at = 0; at + 6 <= bytes.length; at += 1) {
    if (bytes[at] !== 0xff || (bytes[at + 1]! & 0xfe) !== 0xf8) continue;
    const header = frameHeader(bytes, at);
    if (!header) continue;
    frames += header.blockSize;
    channels = Math.max(channels, header.channels);
    if (!rate) rate = header.rate;
  }
  return { frames, rate, channels: channels || 1 };
}

interface FrameHeader {
  blockSize: number;
  rate: number;
  channels: number;
}

function frameHeader(bytes: Uint8Array, at: number): FrameHeader | undefined {
  const sizeCode = bytes[at + 2]! >> 4;
  const rateCode = bytes[at + 2]! & 0x0f;
  const assignment = bytes[at + 3]! >> 4;
  if (sizeCode === 0 || rateCode === 15 || assignment > 10 || (bytes[at + 3]! & 1) !== 0) return undefined;
  let end = at + 4 + codedNumberLength(bytes[at + 4]);
  if (end === at + 4) return undefined;
  const uint = (n: number) => {
    let value = 0;
    for (let i = 0; i < n; i += 1) value = value * 256 + (bytes[end + i] ?? 0);
    end += n;
    return value;
  };
  let blockSize = sizeCode === 1 ? 192 : sizeCode <= 5 ? 576 << (sizeCode - 2) : sizeCode >= 8 ? 256 << (sizeCode - 8) : 0;
  if (sizeCode === 6) blockSize = uint(1) + 1;
  if (sizeCode === 7) blockSize = uint(2) + 1;
  let rate = RATES[rateCode] ?? 0;
  if (rateCode === 12) rate = uint(1) * 1000;
  if (rateCode === 13) rate = uint(2);
  if (rateCode === 14) rate = uint(2) * 10;
  if (end >= bytes.length || crc8(bytes, at, end) !== bytes[end]) return undefined;
  return { blockSize, rate, channels: assignment < 8 ? assignment + 1 : 2 };
}

/** The bytes of the frame (or sample) number, coded like UTF-8 up to 7 bytes; 0 where the first byte is not a lead byte. */
function codedNumberLength(lead: number | undefined): number {
  if (lead === undefined) return 0;
  if (lead < 0x80) return 1;
  // n leading ones then a zero: 110xxxxx is 2 bytes, ..., 11111110 is 7.
  for (let n = 2; n <= 7; n += 1) if (lead >> (7 - n) === (0xff >> (7 - n)) - 1) return n;
  return 0;
}

const CRC8 = Uint8Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k += 1) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  return c;
});

function crc8(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i += 1) crc = CRC8[crc ^ bytes[i]!]!;
  return crc;
}
