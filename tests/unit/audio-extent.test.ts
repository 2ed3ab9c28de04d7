/** Audio durations read from container headers before decoding (workers/speech/client/extent.ts). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioExtent } from '../../workers/speech/client/extent';

const AUDIO = resolve(import.meta.dirname, '../fixtures/audio');

function bytes(...parts: (string | number[] | Uint8Array)[]): ArrayBuffer {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out.buffer;
}
const u32le = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
const u16le = (n: number) => [n & 255, n >> 8];
const u32be = (n: number) => u32le(n).reverse();

/** A RIFF/WAVE header with `dataBytes` of zeros (or only `present` of them, as a truncated file). */
function wav({ format = 1, channels = 1, rate = 8000, bits = 8, dataBytes = 8000, present = undefined as number | undefined } = {}): ArrayBuffer {
  const align = (channels * bits) / 8;
  const fmt = [...u16le(format), ...u16le(channels), ...u32le(rate), ...u32le(rate * align), ...u16le(align), ...u16le(bits)];
  return bytes('RIFF', u32le(36 + dataBytes), 'WAVE', 'fmt ', u32le(16), fmt, 'data', u32le(dataBytes), new Uint8Array(present ?? dataBytes));
}

describe('audio duration from the container header', () => {
  it('reads a real WAV fixture exactly', () => {
    const file = readFileSync(resolve(AUDIO, 'yes.wav'));
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const rate = view.getUint32(24, true);
    const extent = audioExtent(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
    expect(extent).toMatchObject({ how: 'header', format: 'wav', channels: 1 });
    expect(extent.seconds).toBeCloseTo((file.byteLength - 44) / (2 * rate), 1);
  });

  it('counts the WAV bytes that are there, not what the header claims, and ADPCM at its lowest bitrate', () => {
    expect(audioExtent(wav({ dataBytes: 80_000 })).seconds).toBeCloseTo(10);
    expect(audioExtent(wav({ dataBytes: 0xfffffff0, present: 16_000 })).seconds).toBeCloseTo(2);
    // IMA ADPCM (0x11) decodes 4 bits to 16: its bytes are counted at 2 bits a sample, an upper bound.
    expect(audioExtent(wav({ format: 0x11, bits: 4, dataBytes: 2000 })).seconds).toBeCloseTo(1);
  });

  it('reads FLAC STREAMINFO, an Ogg Opus last granule, MP4 mvhd and WebM Duration', () => {
    // FLAC: 16 kHz, 2 channels, 16 bits, 480,000 samples = 30 s.
    const streaminfo = [0, 16, 0, 16, 0, 0, 0, 0, 0, 0, ...u32be((16000 << 12) | (1 << 9) | (15 << 4)).slice(0, 4), ...u32be(480_000), ...new Array(16).fill(0)];
    expect(audioExtent(bytes('fLaC', [0, 0, 0, 34], streaminfo))).toMatchObject({ format: 'flac', channels: 2, seconds: 30 });

    const page = (granule: number, packet: Uint8Array | string) => {
      const body = typeof packet === 'string' ? new TextEncoder().encode(packet) : packet;
      return bytes('OggS', [0, 0], u32le(granule), u32le(0), u32le(1), u32le(0), u32le(0), [1, body.length], body);
    };
    const opusHead = bytes('OpusHead', [1, 2], u16le(312), u32le(48000), [0, 0, 0]);
    const ogg = bytes(new Uint8Array(page(0, new Uint8Array(opusHead))), new Uint8Array(page(48_000 * 3600, 'audio')));
    expect(audioExtent(ogg)).toMatchObject({ format: 'ogg', channels: 2, seconds: 3600 });

    const mvhd = bytes(u32be(8 + 100), 'mvhd', [0, 0, 0, 0], u32be(0), u32be(0), u32be(1000), u32be(90_000), new Uint8Array(80));
    const moov = bytes(u32be(8 + mvhd.byteLength), 'moov', new Uint8Array(mvhd));
    expect(audioExtent(bytes(u32be(16), 'ftypM4A ', u32be(0), new Uint8Array(moov)))).toMatchObject({ format: 'mp4', seconds: 90 });

    const duration = new Uint8Array(8);
    new DataView(duration.buffer).setFloat64(0, 7_200_000);
    expect(audioExtent(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80], [0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40], [0x44, 0x89, 0x88], duration))).toMatchObject({ format: 'webm', seconds: 7200 });
  });

  it('reads an MP3 Xing frame count, else the first frame bitrate', () => {
    // MPEG-1 layer III, 128 kbps, 44.1 kHz, stereo: 0xFFFB9000; its Xing tag follows 32 bytes of side info.
    const frame = [0xff, 0xfb, 0x90, 0x00];
    const xing = bytes(frame, new Uint8Array(32), 'Xing', u32be(1), u32be(38_281), new Uint8Array(400));
    expect(audioExtent(xing).seconds).toBeCloseTo((38_281 * 1152) / 44_100);
    const cbr = bytes(frame, new Uint8Array(16_000 * 60 - 4));
    expect(audioExtent(cbr)).toMatchObject({ format: 'mp3', how: 'header' });
    expect(audioExtent(cbr).seconds).toBeCloseTo(60);
  });

  it('bounds what it cannot read by the lowest bitrate a codec runs at', () => {
    const unknown = audioExtent(new Uint8Array(750_000).buffer);
    expect(unknown).toMatchObject({ how: 'bound', format: 'unknown' });
    expect(unknown.seconds).toBeCloseTo(1000);
    expect(audioExtent(bytes([0x1a, 0x45, 0xdf, 0xa3], new Uint8Array(7496)))).toMatchObject({ how: 'bound', format: 'webm', seconds: 10 });
  });
});
