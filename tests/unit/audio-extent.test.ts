/** Audio durations read from container headers before decoding (workers/speech/client/extent.ts). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioExtent } from '../../workers/speech/client/extent';
import { lyingFlac, lyingMp3, lyingOgg } from '../fixtures/lying-audio';

const AUDIO = resolve(import.meta.dirname, '../fixtures/audio');

function bytes(...parts: (string | number[] | Uint8Array)[]): ArrayBuffer {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out.buffer;
}
const ab = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const file = (name: string) => ab(readFileSync(resolve(AUDIO, name)));
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

  it('counts the committed FLAC, MP3 and Ogg Vorbis of a real sentence close to its real length', () => {
    // sentence-fox.wav is 64,615 samples at 16 kHz; the others are sox's encodings of it.
    const seconds = 64_615 / 16_000;
    const flac = audioExtent(file('sentence-fox.flac'));
    expect(flac).toMatchObject({ how: 'counted', format: 'flac', channels: 1, frames: 64_615 });
    const mp3 = audioExtent(file('sentence-fox.mp3'));
    expect(mp3).toMatchObject({ how: 'counted', format: 'mp3', channels: 1 });
    // An encoder pads the start and the last frame: a frame or two more, never less.
    expect(mp3.seconds).toBeGreaterThanOrEqual(seconds);
    expect(mp3.seconds).toBeLessThan(seconds + 0.2);
    // Vorbis packets are counted at their longest block: an upper bound, not far above.
    const vorbis = audioExtent(file('sentence-fox.ogg'));
    expect(vorbis).toMatchObject({ how: 'counted', format: 'ogg', channels: 1 });
    expect(vorbis.seconds).toBeGreaterThanOrEqual(seconds);
    expect(vorbis.seconds).toBeLessThan(seconds * 1.5);
  });

  it('counts the frames of a FLAC whose STREAMINFO says 0 samples or too few', () => {
    // 200 frames of 65,535 samples at 16 kHz: 819 s in under 3 KB.
    const unknown = audioExtent(ab(lyingFlac(200)));
    expect(unknown).toMatchObject({ how: 'counted', format: 'flac', frames: 200 * 65_535 });
    expect(unknown.seconds).toBeCloseTo((200 * 65_535) / 16_000);
    expect(audioExtent(ab(lyingFlac(200, 16_000))).frames).toBe(200 * 65_535);
  });

  it('counts every Opus packet of an Ogg file whatever its granules say, and refuses codecs it cannot count', () => {
    // 22 pages of 255 packets of 120 ms, then a last page whose granule says 0.
    const ogg = audioExtent(ab(lyingOgg(22)));
    expect(ogg).toMatchObject({ how: 'counted', format: 'ogg', channels: 1, frames: 22 * 255 * 5760 });
    expect(ogg.seconds).toBeCloseTo(673.2);
    // Pages inside a page whose CRC fails are still found and counted, as libogg resyncs onto them: here a
    // bogus header whose 65 KB body would cover the first 80 audio pages.
    const bytes = lyingOgg(100);
    const headers = bytes.indexOf('OggS', 60);
    const bogus = Buffer.from([...Buffer.from('OggS'), 0, 0, ...new Array(20).fill(0), 255, ...new Array(255).fill(255)]);
    const hiding = Buffer.concat([bytes.subarray(0, headers), bogus, bytes.subarray(headers)]);
    expect(audioExtent(ab(hiding)).frames).toBe(100 * 255 * 5760);
    const oggFlac = Buffer.from(lyingOgg(1));
    oggFlac.write('\x7fFLAC\x01\x00\x00', 28, 'latin1');
    expect(audioExtent(ab(oggFlac))).toMatchObject({ how: 'uncountable' });
  });

  it('counts MP3 frames whatever a Xing tag or the first bitrate says', () => {
    const mp3 = audioExtent(ab(lyingMp3(9000, 10)));
    expect(mp3).toMatchObject({ how: 'counted', format: 'mp3', channels: 1, frames: 9000 * 576 });
    expect(mp3.seconds).toBeCloseTo(648);
    // Junk between frames is skipped byte by byte, and the frames after it still count.
    const junk = Buffer.concat([lyingMp3(10, 10), Buffer.alloc(100, 0x41), lyingMp3(10, 10)]);
    expect(audioExtent(ab(junk)).frames).toBe(20 * 576);
  });

  it('still reads MP4 mvhd and WebM Duration', () => {
    const mvhd = bytes(u32be(8 + 100), 'mvhd', [0, 0, 0, 0], u32be(0), u32be(0), u32be(1000), u32be(90_000), new Uint8Array(80));
    const moov = bytes(u32be(8 + mvhd.byteLength), 'moov', new Uint8Array(mvhd));
    expect(audioExtent(bytes(u32be(16), 'ftypM4A ', u32be(0), new Uint8Array(moov)))).toMatchObject({ format: 'mp4', seconds: 90 });

    const duration = new Uint8Array(8);
    new DataView(duration.buffer).setFloat64(0, 7_200_000);
    expect(audioExtent(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80], [0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40], [0x44, 0x89, 0x88], duration))).toMatchObject({ format: 'webm', seconds: 7200 });
  });

  it('bounds what it cannot read by the lowest bitrate a codec runs at', () => {
    const unknown = audioExtent(new Uint8Array(750_000).buffer);
    expect(unknown).toMatchObject({ how: 'bound', format: 'unknown' });
    expect(unknown.seconds).toBeCloseTo(1000);
    expect(audioExtent(bytes([0x1a, 0x45, 0xdf, 0xa3], new Uint8Array(7496)))).toMatchObject({ how: 'bound', format: 'webm', seconds: 10 });
  });
});
