// Caption latency: Chromium's fake microphone plays real recordings (with pauses) into ai.speech.caption();
// each word's end is known from transcribing the same recordings (PocketSphinx's word times), and its
// latency is when the first partial with that many words of its sentence arrived, minus when it was spoken.
// Each recording is placed on the page's clock by its own onset: the arrival of the first loud block after
// a second of quiet, less where that loudness starts in the file. (The first block's arrival is no anchor:
// the fake device plays from getUserMedia on, and what it plays before the worklet runs is never captured,
// which made earlier figures up to seconds too small, even negative.) Uncertainty: one 50 ms block.
/* global location -- used inside page.evaluate */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/setup.mjs';
import { LIBRIVOX } from '../tests/fixtures/librivox.mjs';
import { readWav, stats } from './harness.mjs';

const SPOKEN = ['0890', '0920', '0870'];
const RATE = 16000;
const LEAD = 1;
const GAP = 1.5;
const BLOCK_MS = 50;
/** A block this loud (microphone.ts level(), about -42 dBFS RMS) starts a recording. */
const LOUD = 0.3;

function level(samples, from, to) {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += samples[i] * samples[i];
  return Math.min(1, Math.max(0, (10 * Math.log10(sum / (to - from) + 1e-12) + 60) / 60));
}

/** Seconds from a recording's start to the end of its first loud 50 ms (10 ms steps). */
function onsetEnd({ samples, sampleRate }) {
  const block = Math.round((BLOCK_MS / 1000) * sampleRate);
  const hop = Math.round(sampleRate / 100);
  for (let end = block; end <= samples.length; end += hop) if (level(samples, end - block, end) > LOUD) return end / sampleRate;
  throw new Error('a recording with no loud block');
}

function micFile(readings) {
  let samples = new Array(LEAD * RATE).fill(0);
  for (const r of readings) {
    samples = samples.concat(r.samples, new Array(GAP * RATE).fill(0));
  }
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  const dir = join(tmpdir(), `inpage-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'reading.wav');
  writeFileSync(file, Buffer.concat([header, data]));
  return file;
}

export async function captionLatency(bench) {
  const readings = SPOKEN.map((id) => readWav(LIBRIVOX.find((r) => r.id === id).path));
  const file = micFile(readings);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}%noloop`],
  });
  try {
    const context = await browser.newContext({ baseURL: bench.origin });
    const page = await context.newPage();
    await page.route('**/__direct/captions.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>captions bench</title>' }));
    await page.goto('/__direct/captions.html');
    const run = await page.evaluate(
      async ({ readings, loud }) => {
        const { connect } = await import(`${location.origin}/inpage.js`);
        const ai = await connect();
        // Word times of each recording; this also has the worker's decoder loaded before the reading starts.
        // Timed too: the decoder's real-time factor under the machine's load at the time, which bounds the latency.
        const words = [];
        let decodeMs = 0;
        for (const r of readings) {
          const started = performance.now();
          const t = await ai.speech.transcribe({ samples: Float32Array.from(r.samples), sampleRate: r.sampleRate });
          decodeMs += performance.now() - started;
          words.push(t.chunks.flatMap((c) => c.words));
        }
        const partials = [];
        const finals = [];
        const anchors = [];
        let lastLoud = -Infinity;
        await new Promise((resolve, reject) => {
          let stop;
          const finish = () => void stop?.().then(resolve, reject);
          const timer = setTimeout(finish, 120_000);
          ai.speech
            .caption({
              onLevel: (value) => {
                if (value <= loud) return;
                const now = performance.now();
                if (now - lastLoud > 1000) anchors.push(now);
                lastLoud = now;
              },
              onPartial: ({ text, at }) => partials.push({ text, at, sentence: finals.length }),
              onFinal: ({ text, at }) => {
                finals.push({ text, at });
                if (finals.length < readings.length) return;
                clearTimeout(timer);
                finish();
              },
              onError: reject,
            })
            .then((s) => (stop = s), reject);
        });
        ai.close();
        return { words, partials, finals, anchors, decodeMs };
      },
      { readings, loud: LOUD },
    );
    if (run.anchors.length !== readings.length) throw new Error(`caption bench: ${run.anchors.length} recordings heard starting, not ${readings.length}`);
    const latencies = [];
    run.words.forEach((sentenceWords, s) => {
      const shown = [...run.partials.filter((p) => p.sentence === s), ...(run.finals[s] ? [{ ...run.finals[s], sentence: s }] : [])];
      sentenceWords.forEach((word, k) => {
        const first = shown.find((p) => p.text.split(' ').filter(Boolean).length > k);
        if (first) latencies.push(first.at - (run.anchors[s] + (word.end - onsetEnd(readings[s])) * 1000));
      });
    });
    const { median, p95 } = stats(latencies);
    const seconds = readings.reduce((sum, r) => sum + r.samples.length / r.sampleRate, 0);
    return { median, p95, words: latencies.length, sentences: SPOKEN.length, decoderSpeed: seconds / (run.decodeMs / 1000) };
  } finally {
    await browser.close();
  }
}
