/**
 * The samples an Ogg Opus or Vorbis file really holds, counted packet by packet from every page rather
 * than from a granule position (which a page may set to anything): decoders output every packet's audio
 * whatever the granules say. Pages are found the way libogg and FFmpeg find them: an `OggS` header whose
 * CRC checks is taken whole; anything else is skipped a byte at a time, so a page hidden inside a damaged
 * one is still counted.
 */
import type { Counted } from './counted';

interface Stream {
  codec: 'opus' | 'vorbis' | 'other';
  rate: number;
  channels: number;
  /** Header packets still to come before audio (Opus 2, Vorbis 3). */
  headers: number;
  /** The most samples one audio packet can decode to. */
  most: number;
  frames: number;
  /** The last packet of the last page went on to the next page. */
  open: boolean;
}

/** Opus decodes at 48 kHz, at most 120 ms per packet. */
const OPUS_RATE = 48_000;
const OPUS_MOST = 5_760;

/** Counted, or the first codec it cannot count (Ogg FLAC, Speex...), whose audio has no bound here. */
export function countOgg(bytes: Uint8Array): Counted | { codec: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const streams = new Map<number, Stream>();
  for (let at = 0; at + 27 <= bytes.length; ) {
    const page = pageAt(bytes, view, at);
    if (!page) {
      at += 1;
      continue;
    }
    const { type, serial, segments, body } = page;
    let stream = streams.get(serial);
    if (!stream || type & 2) {
      stream = openStream(bytes.subarray(body, body + (segments[0] ?? 0)), Boolean(type & 2), streams);
      streams.set(serial, stream);
    }
    if (stream.codec === 'other' && stream.headers === 0) return { codec: codecName(bytes.subarray(body, body + 8)) };
    let offset = body;
    for (let i = 0; i < segments.length; i += 1) {
      const starts = i === 0 ? !(type & 1) || !stream.open : segments[i - 1]! < 255;
      if (starts) stream.frames += packetFrames(stream, bytes, offset, segments[i]!);
      offset += segments[i]!;
    }
    stream.open = segments.at(-1) === 255;
    at = page.end;
  }
  const audio = [...streams.values()].filter((s) => s.codec !== 'other');
  return {
    frames: audio.reduce((sum, s) => sum + s.frames, 0),
    seconds: audio.reduce((sum, s) => sum + s.frames / s.rate, 0),
    rate: Math.max(0, ...audio.map((s) => s.rate)),
    channels: Math.max(1, ...audio.map((s) => s.channels)),
  };
}

interface Page {
  type: number;
  serial: number;
  segments: Uint8Array;
  body: number;
  end: number;
}

function pageAt(bytes: Uint8Array, view: DataView, at: number): Page | undefined {
  if (bytes[at] !== 0x4f || bytes[at + 1] !== 0x67 || bytes[at + 2] !== 0x67 || bytes[at + 3] !== 0x53 || bytes[at + 4] !== 0) return undefined;
  const count = bytes[at + 26]!;
  const body = at + 27 + count;
  if (body > bytes.length) return undefined;
  const segments = bytes.subarray(at + 27, body);
  const end = body + segments.reduce((sum, n) => sum + n, 0);
  if (end > bytes.length || crc32(bytes, at, end) !== view.getUint32(at + 22, true)) return undefined;
  return { type: bytes[at + 5]!, serial: view.getUint32(at + 14, true), segments, body, end };
}

/** A stream's parameters from its first packet (its first segment is enough for both headers). */
function openStream(head: Uint8Array, first: boolean, streams: Map<number, Stream>): Stream {
  const text = (from: number, length: number) => String.fromCharCode(...head.subarray(from, from + length));
  const base = { frames: 0, open: false };
  if (text(0, 8) === 'OpusHead' && head.length >= 10) return { ...base, codec: 'opus', rate: OPUS_RATE, channels: head[9]!, headers: 2, most: OPUS_MOST };
  if (head[0] === 1 && text(1, 6) === 'vorbis' && head.length >= 29) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    // Each packet decodes to a quarter of the previous block and a quarter of its own: at most half the long block.
    return { ...base, codec: 'vorbis', rate: view.getUint32(12, true), channels: head[11]!, headers: 3, most: (1 << (head[28]! >> 4)) / 2 };
  }
  // Skeleton and video streams carry no audio; any other codec is one this walk cannot count.
  const ignored = text(0, 8) === 'fishead\0' || text(0, 7) === 'fisbone' || text(1, 6) === 'theora';
  if (ignored) return { ...base, codec: 'other', rate: 0, channels: 0, headers: Infinity, most: 0 };
  // A page of a stream whose first page was never seen: counted at the most any stream here decodes per packet.
  const like = [...streams.values()].find((s) => s.codec !== 'other');
  if (!first && like) return { ...like, frames: 0, open: false, headers: 0 };
  return { ...base, codec: 'other', rate: 0, channels: 0, headers: 0, most: 0 };
}

/** Samples in the audio packet starting at `at`, whose first segment is `length` bytes (0 for header packets). */
function packetFrames(stream: Stream, bytes: Uint8Array, at: number, length: number): number {
  if (stream.headers > 0) {
    stream.headers -= 1;
    return 0;
  }
  if (stream.codec !== 'opus' || length === 0) return stream.most;
  return Math.min(OPUS_MOST, opusFrames(bytes[at]!, length > 1 ? bytes[at + 1] : undefined));
}

/** An Opus packet's duration at 48 kHz from its TOC byte (RFC 6716 3.1) and, for code 3, its frame count. */
function opusFrames(toc: number, count: number | undefined): number {
  const config = toc >> 3;
  const tenths = config < 12 ? [100, 200, 400, 600][config % 4]! : config < 16 ? [100, 200][config % 2]! : [25, 50, 100, 200][config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : count === undefined ? 48 : count & 0x3f;
  return (frames * tenths * OPUS_RATE) / 10_000;
}

function codecName(head: Uint8Array): string {
  return String.fromCharCode(...head).replace(/[^A-Za-z0-9]/g, '') || 'unknown';
}

const CRC32 = Uint32Array.from({ length: 256 }, (_, i) => {
  let c = i << 24;
  for (let k = 0; k < 8; k += 1) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  return c >>> 0;
});

/** Ogg's page checksum: CRC-32 (polynomial 0x04c11db7, not reflected) with the checksum field read as zeros. */
function crc32(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i += 1) {
    const byte = i >= from + 22 && i < from + 26 ? 0 : bytes[i]!;
    crc = ((crc << 8) ^ CRC32[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  }
  return crc;
}
