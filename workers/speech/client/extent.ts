/**
 * How long an audio file says it is, read from its container header before anything is decoded:
 * decodeAudioData allocates the whole decoded signal at once, so a long low-bitrate file (a few MB of
 * Opus or MP3 can hold hours) would take the tab's memory before its duration could be checked.
 *
 * `header`: the container states it (WAV sizes, FLAC STREAMINFO, Ogg granule, MP4 mvhd, WebM Duration,
 * an MP3 Xing/Info frame count or its first frame's bitrate). `bound`: no header could be read, so the
 * duration is at most the size at the lowest bitrate any browser codec runs at.
 */
export interface AudioExtent {
  seconds: number;
  channels: number;
  how: 'header' | 'bound';
  format: string;
}

/** Below this no browser codec runs (Opus and MPEG-2.5 layer III reach 8 kbps; Opus 6 kbps only as a floor). */
const MIN_BITS_PER_SECOND = 6_000;

export function audioExtent(buffer: ArrayBuffer): AudioExtent {
  const view = new DataView(buffer);
  const reader = READERS.find(([, matches]) => matches(view));
  const found = reader?.[2](view);
  return found ?? { seconds: (buffer.byteLength * 8) / MIN_BITS_PER_SECOND, channels: 2, how: 'bound', format: reader?.[0] ?? 'unknown' };
}

type Reader = [format: string, matches: (view: DataView) => boolean, read: (view: DataView) => AudioExtent | undefined];

const READERS: Reader[] = [
  ['wav', (v) => tag(v, 0) === 'RIFF' && tag(v, 8) === 'WAVE', wav],
  ['flac', (v) => tag(v, 0) === 'fLaC', flac],
  ['ogg', (v) => tag(v, 0) === 'OggS', ogg],
  ['mp4', (v) => tag(v, 4) === 'ftyp', mp4],
  ['webm', (v) => v.byteLength >= 4 && v.getUint32(0) === 0x1a45dfa3, webm],
  ['mp3', (v) => tag(v, 0).startsWith('ID3') || frameAt(v, 0) !== undefined, mp3],
];

function tag(view: DataView, at: number): string {
  if (at < 0 || at + 4 > view.byteLength) return '';
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

const extent = (seconds: number, channels: number, format: string): AudioExtent | undefined =>
  Number.isFinite(seconds) && seconds >= 0 && channels > 0 ? { seconds, channels, how: 'header', format } : undefined;

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
      return extent((bytes * 8) / (rate * channels * bitsPerSample), channels, 'wav');
    }
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** FLAC STREAMINFO: sample rate (20 bits), channels (3), total samples (36); 0 total means unknown. */
function flac(view: DataView): AudioExtent | undefined {
  if (view.byteLength < 26) return undefined;
  const rate = (view.getUint32(18) >>> 12) & 0xfffff;
  const channels = ((view.getUint8(20) >> 1) & 0x7) + 1;
  const total = (view.getUint8(21) & 0x0f) * 2 ** 32 + view.getUint32(22);
  return total > 0 && rate > 0 ? extent(total / rate, channels, 'flac') : undefined;
}

/** Ogg: the granule position of the last page, at 48 kHz for Opus or the Vorbis identification's rate. */
function ogg(view: DataView): AudioExtent | undefined {
  if (view.byteLength < 28) return undefined;
  const head = 27 + view.getUint8(26); // the first page's header and lacing values: the first packet starts here
  let rate = 0, channels = 0;
  if (tag(view, head) === 'Opus' && tag(view, head + 4) === 'Head' && view.byteLength > head + 9) {
    [rate, channels] = [48_000, view.getUint8(head + 9)];
  } else if (view.byteLength > head + 16 && view.getUint8(head) === 1 && tag(view, head + 1) === 'vorb') {
    [rate, channels] = [view.getUint32(head + 12, true), view.getUint8(head + 11)];
  }
  if (!rate) return undefined;
  for (let at = view.byteLength - 27; at >= Math.max(0, view.byteLength - 256 * 1024); at -= 1) {
    if (tag(view, at) !== 'OggS') continue;
    const granule = view.getUint32(at + 6, true) + view.getUint32(at + 10, true) * 2 ** 32;
    return extent(granule / rate, channels, 'ogg');
  }
  return undefined;
}

/** MP4/M4A: the movie header's duration over its timescale (moov may sit before or after the media). */
function mp4(view: DataView): AudioExtent | undefined {
  const mvhd = findBox(view, 0, view.byteLength, ['moov', 'mvhd']);
  if (mvhd === undefined || mvhd + 32 > view.byteLength) return undefined;
  const version = view.getUint8(mvhd);
  const scale = view.getUint32(mvhd + (version === 1 ? 20 : 12));
  const duration = version === 1 ? view.getUint32(mvhd + 24) * 2 ** 32 + view.getUint32(mvhd + 28) : view.getUint32(mvhd + 16);
  return scale > 0 ? extent(duration / scale, 2, 'mp4') : undefined;
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
  return duration === undefined ? undefined : extent((duration * scale) / 1e9, 2, 'webm');
}

function readUint(view: DataView, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i += 1) value = value * 256 + view.getUint8(at + i);
  return value;
}

interface MpegFrame {
  bitrate: number;
  rate: number;
  channels: number;
  samples: number;
  /** Bytes of side information: the Xing/Info tag follows them. */
  side: number;
}

const MPEG_RATES = [44_100, 48_000, 32_000];
const L3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};

/** An MPEG audio layer III frame header at `at`, or undefined. */
function frameAt(view: DataView, at: number): MpegFrame | undefined {
  if (at + 4 > view.byteLength) return undefined;
  const word = view.getUint32(at);
  if (word >>> 21 !== 0x7ff || ((word >> 17) & 3) !== 1) return undefined; // sync, layer III
  const version = (word >> 19) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const bitrateIndex = (word >> 12) & 0xf;
  const rateIndex = (word >> 10) & 3;
  if (version === 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const v1 = version === 3;
  const mono = ((word >> 6) & 3) === 3;
  return {
    bitrate: (v1 ? L3_BITRATES.v1 : L3_BITRATES.v2)[bitrateIndex]! * 1000,
    rate: MPEG_RATES[rateIndex]! / (v1 ? 1 : version === 2 ? 2 : 4),
    channels: mono ? 1 : 2,
    samples: v1 ? 1152 : 576,
    side: v1 ? (mono ? 17 : 32) : mono ? 9 : 17,
  };
}

/** MP3: a Xing/Info frame count where there is one, else the bytes at the first frame's bitrate. */
function mp3(view: DataView): AudioExtent | undefined {
  let start = 0;
  if (tag(view, 0).startsWith('ID3') && view.byteLength >= 10) {
    const size = [6, 7, 8, 9].reduce((sum, i) => sum * 128 + (view.getUint8(i) & 0x7f), 0);
    start = 10 + size;
  }
  const first = frameAt(view, start);
  if (!first) return undefined;
  const xing = start + 4 + first.side;
  if ((tag(view, xing) === 'Xing' || tag(view, xing) === 'Info') && xing + 12 <= view.byteLength && view.getUint32(xing + 4) & 1) {
    return extent((view.getUint32(xing + 8) * first.samples) / first.rate, first.channels, 'mp3');
  }
  return extent(((view.byteLength - start) * 8) / first.bitrate, first.channels, 'mp3');
}
