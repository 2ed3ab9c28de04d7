// Transcription word error rate per source: the worker (ai.speech.transcribe) against Debian's native
// pocketsphinx_batch decoding each file whole with its default settings and the same en-us model. Native
// is measured only where Debian's pocketsphinx is installed (a bench tool, never a test's).
/* global window -- used inside page.evaluate */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LIBRIVOX, wordErrorRate } from '../tests/fixtures/librivox.mjs';
import { readWav, root } from './harness.mjs';
import { phoneLine } from '../tests/fixtures/phone-line.mjs';

const PHRASES = resolve(root, 'tests/fixtures/phrases');
const NATIVE_MODEL = '/usr/share/pocketsphinx/model/en-us';

/** { source: [{ id, path, transcript, samples, sampleRate }] }; the phone-line copies are 8 kHz. */
export function transcriptSources() {
  const phrases = JSON.parse(readFileSync(resolve(PHRASES, 'transcripts.json'), 'utf8'));
  const read = (r) => ({ ...r, ...readWav(r.path) });
  const librivox = LIBRIVOX.map(read);
  const short = Object.keys(phrases).sort().map((id) => read({ id, path: resolve(PHRASES, `${id}.wav`), transcript: phrases[id] }));
  const phone = (clips) => clips.map((c) => ({ ...c, ...phoneLine(c.samples, c.sampleRate) }));
  return {
    'LibriVox (read sentences)': librivox,
    'LibriVox as one recording (chunked)': [joined(librivox)],
    'an4 cards, TIDIGITS, commands (short phrases)': short,
    'LibriVox, phone line (8 kHz)': phone(librivox),
    'short phrases, phone line (8 kHz)': phone(short),
  };
}

/** 16 kHz clips one after another with 0.3 s of silence between: a recording long enough to be cut into chunks. */
function joined(clips) {
  const gap = new Array(Math.round(0.3 * 16000)).fill(0);
  return { id: 'joined', transcript: clips.map((c) => c.transcript).join(' '), samples: clips.flatMap((c) => [...c.samples, ...gap]), sampleRate: 16000 };
}

/** Linear interpolation to 16 kHz, as the worker resamples (workers/speech/spectrogram.ts). */
function to16k(samples, rate) {
  if (rate === 16000) return samples;
  const out = new Float32Array(Math.floor((samples.length * 16000) / rate));
  for (let i = 0; i < out.length; i += 1) {
    const t = (i * rate) / 16000;
    const a = Math.floor(t);
    out[i] = (samples[a] ?? 0) + ((samples[a + 1] ?? samples[a] ?? 0) - (samples[a] ?? 0)) * (t - a);
  }
  return out;
}

/** pocketsphinx_batch over the clips as 16 kHz 16-bit raw files; undefined where it is not installed. */
export function nativeTexts(clips, args = []) {
  const work = mkdtempSync(join(tmpdir(), 'inpage-native-'));
  try {
    for (const c of clips) {
      const samples = to16k(c.samples, c.sampleRate);
      writeFileSync(join(work, `${c.id}.raw`), Buffer.from(Int16Array.from(samples, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767)))).buffer));
    }
    writeFileSync(join(work, 'ctl'), clips.map((c) => c.id).join('\n'));
    const rateArgs = args;
    execFileSync('pocketsphinx_batch', ['-adcin', 'yes', '-cepdir', work, '-cepext', '.raw', '-ctl', join(work, 'ctl'), '-hyp', join(work, 'hyp'),
      '-hmm', `${NATIVE_MODEL}/en-us`, '-lm', `${NATIVE_MODEL}/en-us.lm.bin`, '-dict', `${NATIVE_MODEL}/cmudict-en-us.dict`, ...rateArgs, '-logfn', '/dev/null'], { stdio: 'ignore' });
    const hyps = new Map(readFileSync(join(work, 'hyp'), 'utf8').split('\n').filter(Boolean).map((line) => {
      const m = /^(.*)\((\S+?)(?: -?\d+)?\)\s*$/.exec(line);
      return [m[2], m[1].trim()];
    }));
    return clips.map((c) => hyps.get(c.id) ?? '');
  } catch {
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Per source: the worker's and native's word error rates (native undefined where not installed). */
export async function transcriptErrors(page) {
  const sources = transcriptSources();
  const plain = Object.fromEntries(Object.entries(sources).map(([s, clips]) => [s, clips.map((c) => ({ samples: c.samples, sampleRate: c.sampleRate }))]));
  const worker = await page.evaluate(async (sources) => {
    const out = {};
    for (const [source, clips] of Object.entries(sources)) {
      out[source] = [];
      for (const c of clips) out[source].push((await window.ai.speech.transcribe({ samples: Float32Array.from(c.samples), sampleRate: c.sampleRate })).text);
    }
    return out;
  }, plain);
  return Object.entries(sources).map(([source, clips]) => {
    const wer = (texts) => texts && wordErrorRate(clips.map((c, i) => ({ reference: c.transcript, hypothesis: texts[i] })));
    return { source, clips: clips.length, words: clips.reduce((n, c) => n + c.transcript.split(' ').length, 0), worker: wer(worker[source]), native: wer(nativeTexts(clips)) };
  });
}

