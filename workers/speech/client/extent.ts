/**
 * How long an audio file is, found before anything is decoded: decodeAudioData allocates the whole
 * decoded signal at once, so a long low-bitrate file (a few MB of Opus or MP3 can hold hours, a few
 * bytes of constant-value FLAC 65,535 samples) would take the tab's memory before its duration could
 * be checked. No length field a file states about itself is believed.
 *
 * `counted`: every frame or packet a decoder will output was found and counted (FLAC, Ogg Opus and
 * Vorbis, MP3). `header`: WAV, whose PCM bytes present fix its length. `bound`: the format is not one
 * of these, so the duration is at most the size at the lowest bitrate any browser codec runs at.
 * `uncountable`: a container or codec whose length this cannot bound (it is refused undecoded).
 */
import type { Counted } from './counted';
import { countFlac } from './flac-frames';
import { countMpeg, frameAt } from './mpeg-frames';
import { countOgg } from './ogg-pages';

export interface AudioExtent {
  seconds: number;
  /** Samples per channel at the rate the file decodes at, before any resampling (0 where not counted). */
  frames: number;
  channels: number;
  how: 'header' | 'counted' | 'bound' | 'uncountable';
  format: string;
}

/** Below this no browser codec runs (Opus and MPEG-2.5 layer III reach 8 kbps; Opus 6 kbps only as a floor). */
const MIN_BITS_PER_SECOND = 6_000;

export function audioExtent(buffer: ArrayBuffer): AudioExtent {
  const view = new DataView(buffer);
  const reader = READERS.find(([, matches]) => matches(view));
  const found = reader?.[2](view);
  if (found) return found;
  return { seconds: (buffer.byteLength * 8) / MIN_BITS_PER_SECOND, frames: 0, channels: 2, how: 'bound', format: reader?.[0] ?? 'unknown' };
}

type Reader = [format: string, matches: (view: DataView) => boolean, read: (view: DataView) => AudioExtent | undefined];

const READERS: Reader[] = [
  ['wav', (v) => tag(v, 0) === 'RIFF' && tag(v, 8) === 'WAVE', wav],
  ['flac', (v) => tag(v, 0) === 'fLaC', flac],
  ['ogg', (v) => tag(v, 0) === 'OggS', ogg],
  ['mp4', (v) => tag(v, 4) === 'ftyp', mp4],
  ['webm', (v) => v.byteLength >= 4 && v.getUint32(0) === 0x1a45dfa3, webm],
  ['mp3', (v) => tag(v, 0).startsWith('ID3') || frameAt(bytesOf(v), 0) !== undefined, mp3],
];

function tag(view: DataView, at: number): string {
  if (at < 0 || at + 4 > view.byteLength) return '';
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

const bytesOf = (view: DataView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

/** A walk's count as an extent; a count at no known rate has no bound. */
function counted({ frames, rate, channels, seconds }: Counted, format: string): AudioExtent {
  return rate > 0 && Number.isFinite(frames) ? { seconds: seconds ?? frames / rate, frames, channels, how: 'counted', format } : uncountable(format);
}

/** A duration the file states (MP4, WebM). */
const stated = (seconds: number, format: string): AudioExtent | undefined =>
  Number.isFinite(seconds) && seconds >= 0 ? { seconds, frames: 0, channels: 2, how: 'header', format } : undefined;

function uncountable(format: string): AudioExtent {
  return { seconds: Infinity, frames: Infinity, channels: 2, how: 'uncountable', format };
}

/** RIFF/WAVE: the data that is really there, at the byte rate its format implies (never the declared one). */
function wav(view: DataView): AudioExtent | undefined {
  let format = 0, channels = 0, rate = 0, bits = 0;
  for (let at = 12; at + 8 <= view.byteLength; ) {
    const size = view.getUint32(at + 4, true);
    if (tag(view, at) === 'fmt ' && at + 24 <= view.byteLength) {
      [format, channels, rate, bits] = [view.getUint16(at + 8, true), view.getUint16(at + 10, true), view.getUint32(at + 12, true), view.getUint16(at + 22, true)];
    }
    if (tag(view, at) === 'data') {
      const bytes = Math.min(size, view.byteLength - at - 8);
      // PCM, float, A-law, µ-law and extensible store `bits` per sample; compressed formats (ADPCM, GSM)
      // store fewer bits than they decode to, so count them at 2 bits a sample, which none goes below.
      const plain = [1, 3, 6, 7, 0xfffe].includes(format);
      const bitsPerSample = plain ? Math.max(bits, 8) : 2;
      const frames = (bytes * 8) / (channels * bitsPerSample);
      return rate > 0 && channels > 0 ? { seconds: frames / rate, frames, channels, how: 'header', format: 'wav' } : undefined;
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** FLAC: every frame's block size, at STREAMINFO's sample rate (20 bits at byte 18). */
function flac(view: DataView): AudioExtent | undefined {
  if (view.byteLength < 26) return undefined;
  const rate = (view.getUint32(18) >>> 12) & 0xfffff;
  return counted(countFlac(bytesOf(view), rate), 'flac');
}

/** Ogg: every packet of every Opus or Vorbis stream; any other codec in it cannot be bounded. */
function ogg(view: DataView): AudioExtent {
  const found = countOgg(bytesOf(view));
  return 'codec' in found ? uncountable(`Ogg ${found.codec}`) : counted(found, 'ogg');
}

/** MP4/M4A: the movie header's duration over its timescale (moov may sit before or after the media). */
function mp4(view: DataView): AudioExtent | undefined {
  const mvhd = findBox(view, 0, view.byteLength, ['moov', 'mvhd']);
  if (mvhd === undefined || mvhd + 32 > view.byteLength) return undefined;
  const version = view.getUint8(mvhd);
  const scale = view.getUint32(mvhd + (version === 1 ? 20 : 12));
  const duration = version === 1 ? view.getUint32(mvhd + 24) * 2 ** 32 + view.getUint32(mvhd + 28) : view.getUint32(mvhd + 16);
  return scale > 0 ? stated(duration / scale, 'mp4') : undefined;
}

/** The content offset of the box at `path` (e.g. moov → mvhd) within [start, end). */
function findBox(view: DataView, start: number, end: number, path: string[]): number | undefined {
  for (let at = start; at + 8 <= end; ) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1 && at + 16 <= end) [size, header] = [view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12), 16];
    if (size === 0) size = end - at;
    if (size < header) return undefined;
    if (tag(view, at + 4) === path[0]) {
      return path.length === 1 ? at + header : findBox(view, at + header, Math.min(end, at + size), path.slice(1));
    }
    at += size;
  }
  return undefined;
}

/** WebM/Matroska: Segment Info's Duration (0x4489) in TimecodeScale units (0x2AD7B1, default 1 ms). */
function webm(view: DataView): AudioExtent | undefined {
  const limit = Math.min(view.byteLength, 64 * 1024);
  let scale = 1_000_000;
  let duration: number | undefined;
  for (let at = 0; at + 4 < limit; at += 1) {
    if (view.getUint8(at) === 0x2a && view.getUint16(at + 1) === 0xd7b1) {
      const size = view.getUint8(at + 3) & 0x0f;
      if (size >= 1 && size <= 4 && at + 4 + size <= limit) scale = readUint(view, at + 4, size);
    }
    if (view.getUint16(at) === 0x4489) {
      const size = view.getUint8(at + 2);
      if (size === 0x84 && at + 7 <= limit) duration = view.getFloat32(at + 3);
      if (size === 0x88 && at + 11 <= limit) duration = view.getFloat64(at + 3);
    }
  }
  return duration === undefined ? undefined : stated((duration * scale) / 1e9, 'webm');
}

function readUint(view: DataView, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i += 1) value = value * 256 + view.getUint8(at + i);
  return value;
}

/** MP3: every frame after any ID3v2 tag (whose size is syncsafe, plus 10 bytes of footer when flagged). */
function mp3(view: DataView): AudioExtent {
  let start = 0;
  if (tag(view, 0).startsWith('ID3') && view.byteLength >= 10) {
    const size = [6, 7, 8, 9].reduce((sum, i) => sum * 128 + (view.getUint8(i) & 0x7f), 0);
    start = 10 + size + (view.getUint8(5) & 0x10 ? 10 : 0);
  }
  return counted(countMpeg(bytesOf(view), start), 'mp3');
}
