/** WAV files made in the test: silence, noise, a fixture resampled to 48 kHz stereo, a header with no data. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';
import { fixture } from './fixtures';

export interface Pcm {
  channels: Float32Array[];
  sampleRate: number;
}

/** 16-bit PCM WAV bytes. */
export function wav({ channels, sampleRate }: Pcm): Buffer {
  const frames = channels[0]?.length ?? 0;
  const data = Buffer.alloc(frames * channels.length * 2);
  for (let i = 0; i < frames; i += 1) {
    channels.forEach((channel, c) => data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(channel[i]! * 32767))), (i * channels.length + c) * 2));
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels.length, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels.length * 2, 28);
  header.writeUInt16LE(channels.length * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A fixture WAV (16-bit mono) as samples. */
export function readFixtureWav(path: string): Pcm {
  return parseWav(fixture(path));
}

/** A WAV file (16-bit mono) anywhere, as samples. */
export function readWav(file: string): Pcm {
  return parseWav(readFileSync(file));
}

function parseWav(bytes: Buffer): Pcm {
  let at = 12;
  while (bytes.toString('ascii', at, at + 4) !== 'data') at += 8 + bytes.readUInt32LE(at + 4);
  const count = bytes.readUInt32LE(at + 4) / 2;
  const samples = Float32Array.from({ length: count }, (_, i) => bytes.readInt16LE(at + 8 + 2 * i) / 32768);
  return { channels: [samples], sampleRate: bytes.readUInt32LE(24) };
}

/** Linear resampling and channel copies: the fixture as a 48 kHz stereo recording would carry it. */
export function asStereo(pcm: Pcm, sampleRate: number): Pcm {
  const source = pcm.channels[0]!;
  const n = Math.floor((source.length * sampleRate) / pcm.sampleRate);
  const out = Float32Array.from({ length: n }, (_, k) => {
    const pos = (k * pcm.sampleRate) / sampleRate;
    const i = Math.min(Math.floor(pos), source.length - 1);
    const j = Math.min(i + 1, source.length - 1);
    return source[i]! * (1 - (pos - i)) + source[j]! * (pos - i);
  });
  return { channels: [out, out.map((v) => v * 0.8)], sampleRate };
}

export function silence(seconds: number, sampleRate = 16000): Pcm {
  return { channels: [new Float32Array(Math.round(seconds * sampleRate))], sampleRate };
}

/** Seeded noise, so a failure reproduces. */
export function noise(seconds: number, sampleRate = 8000, amplitude = 0.2): Pcm {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return { channels: [Float32Array.from({ length: Math.round(seconds * sampleRate) }, () => (random() - 0.5) * 2 * amplitude)], sampleRate };
}

/**
 * Launch options for a Chromium whose fake microphone plays `pcm` once (`%noloop`), then silence, or over and
 * over with `loop`: written as a WAV file under the system's temporary folder, named `name`.
 */
export function fakeMicrophone(pcm: Pcm, name: string, { loop = false } = {}) {
  const dir = join(tmpdir(), `inpage-mic-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.wav`);
  writeFileSync(file, wav(pcm));
  return {
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${file}${loop ? '' : '%noloop'}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  };
}

/** A fixture word with `before` and `after` seconds of silence around it. */
export function padded(word: string, before: number, after: number): Pcm {
  const { channels, sampleRate } = readFixtureWav(`audio/${word}.wav`);
  const samples = new Float32Array(Math.round((before + after) * sampleRate) + channels[0]!.length);
  samples.set(channels[0]!, Math.round(before * sampleRate));
  return { channels: [samples], sampleRate };
}
