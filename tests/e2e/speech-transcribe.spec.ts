/**
 * Transcription of real read speech (LibriVox recordings Debian ships, tests/fixtures/SOURCES.md) in the
 * speech worker. Whisper's hub is unreachable here, so PocketSphinx with Debian's en-us model answers,
 * and says so: the words against the reference transcripts, chunks with word times, progress per chunk,
 * cancel between chunks, and a 3-minute recording made of the real ones.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { LIBRIVOX, wordErrorRate } from '../fixtures/librivox.mjs';
import { phoneLine } from '../fixtures/phone-line.mjs';
import { readWav, wav } from './audio';
import { openSdk } from './fixtures';

const WAVS = LIBRIVOX.map((r) => readFileSync(r.path).toString('base64'));
/** The same recordings as a phone line carries them (300-3,400 Hz, 8 kHz), saved as WAV files. */
const PHONE_WAVS = LIBRIVOX.map((r) => {
  const { channels, sampleRate } = readWav(r.path);
  const line = phoneLine(channels[0]!, sampleRate);
  return wav({ channels: [Float32Array.from(line.samples)], sampleRate: line.sampleRate }).toString('base64');
});

/** Each WAV file (base64) through ai.speech.transcribe as a dropped file: the transcripts. */
function transcribeFiles(page: Page, wavs: string[]): Promise<any[]> {
  return page.evaluate(async (wavs) => {
    const out = [];
    for (const data of wavs) out.push(await window.ai.speech.transcribe(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' })));
    return out;
  }, wavs);
}

test.beforeEach(async ({ page }) => {
  await openSdk(page);
  // window.librivox(repeat): the recordings one after another `repeat` times, as 16 kHz samples.
  await page.evaluate((wavs) => {
    const pcm = wavs.map((data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const view = new DataView(bytes.buffer);
      let at = 12;
      while (String.fromCharCode(...bytes.subarray(at, at + 4)) !== 'data') at += 8 + view.getUint32(at + 4, true);
      return Float32Array.from({ length: view.getUint32(at + 4, true) / 2 }, (_, i) => view.getInt16(at + 8 + 2 * i, true) / 32768);
    });
    (window as any).librivox = (repeat: number) => {
      const one = pcm.reduce((sum, p) => sum + p.length, 0);
      const samples = new Float32Array(one * repeat);
      let offset = 0;
      for (let r = 0; r < repeat; r += 1) {
        for (const p of pcm) {
          samples.set(p, offset);
          offset += p.length;
        }
      }
      return { samples, sampleRate: 16000 };
    };
  }, WAVS);
});

async function transcribeLong(page: Page, repeat: number, cancelAfterChunk?: number) {
  return page.evaluate(
    async ({ repeat, cancelAfterChunk }) => {
      const ai = window.ai;
      const progress: { loaded: number; total: number }[] = [];
      const controller = new AbortController();
      const audio = (window as any).librivox(repeat);
      const seconds = audio.samples.length / audio.sampleRate;
      try {
        const transcript = await ai.speech.transcribe(audio, {
          signal: controller.signal,
          onProgress: (p: any) => {
            if (p.phase !== 'transcribe') return;
            progress.push({ loaded: p.loaded, total: p.total });
            if (p.loaded === cancelAfterChunk) controller.abort();
          },
        });
        return { transcript, progress, seconds };
      } catch (error: any) {
        return { code: error.code as string, progress, seconds };
      }
    },
    { repeat, cancelAfterChunk },
  );
}

test('real read speech, dropped as WAV files, comes back as its words, named by the model that heard them', async ({ page }) => {
  const results = await transcribeFiles(page, WAVS);
  const pairs = results.map((t, i) => ({ reference: LIBRIVOX[i]!.transcript, hypothesis: t.text }));
  console.log(pairs.map((p) => `  ${p.hypothesis}`).join('\n'));
  const wer = wordErrorRate(pairs);
  console.log(`word error rate ${wer.toFixed(3)} on ${LIBRIVOX.length} LibriVox recordings`);
  expect(wer).toBeLessThanOrEqual(0.25);
  for (const [i, t] of results.entries()) {
    expect(t.model).toBe('pocketsphinx-en-us');
    expect(t.seconds).toBeGreaterThan(2);
    // Each word has its time inside the recording, in order.
    const words = t.chunks.flatMap((c: any) => c.words);
    expect(words.map((w: any) => w.word).join(' ')).toBe(t.text);
    for (const [k, w] of words.entries()) {
      expect(w.end).toBeGreaterThan(w.start);
      expect(w.end).toBeLessThanOrEqual(t.seconds + 0.01);
      if (k > 0) expect(w.start).toBeGreaterThanOrEqual(words[k - 1].end - 0.01);
    }
    expect(t.text, `recording ${LIBRIVOX[i]!.id}`).not.toBe('');
  }
});

test('a phone call\'s recording (an 8 kHz WAV of 300-3,400 Hz) is heard as a telephone\'s band and transcribed', async ({ page }) => {
  const results = await transcribeFiles(page, PHONE_WAVS);
  const pairs = results.map((t, i) => ({ reference: LIBRIVOX[i]!.transcript, hypothesis: t.text }));
  console.log(pairs.map((p) => `  ${p.hypothesis}`).join('\n'));
  const wer = wordErrorRate(pairs);
  console.log(`word error rate ${wer.toFixed(3)} on ${LIBRIVOX.length} LibriVox recordings by phone line`);
  expect(wer).toBeLessThanOrEqual(0.42);
});

test('a 3-minute recording is transcribed in chunks with progress for each, all of its words in order', async ({ page }) => {
  test.setTimeout(600_000);
  const repeat = 8; // 8 × 24.5 s of real recordings
  const result = await transcribeLong(page, repeat);
  expect(result.seconds).toBeGreaterThan(180);
  expect(result.code).toBeUndefined();
  const { transcript, progress } = result as Required<typeof result>;
  expect(transcript.model).toBe('pocketsphinx-en-us');
  const total = progress[0]!.total;
  expect(total).toBeGreaterThanOrEqual(18); // 10 s chunks
  expect(progress.map((p) => p.loaded)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  // Chunks follow each other and cover the recording.
  const stamps = transcript.chunks.map((c: any) => c.timestamp);
  for (let i = 1; i < stamps.length; i += 1) expect(stamps[i][0]).toBeGreaterThanOrEqual(stamps[i - 1][1] - 0.01);
  expect(stamps.at(-1)[1]).toBeGreaterThan(170);
  const reference = Array.from({ length: repeat }, () => LIBRIVOX.map((r) => r.transcript).join(' ')).join(' ');
  const wer = wordErrorRate([{ reference, hypothesis: transcript.text }]);
  console.log(`3-minute recording: ${total} chunks, word error rate ${wer.toFixed(3)}`);
  expect(wer).toBeLessThanOrEqual(0.3);
});

test('cancel stops a long transcription between chunks; the service answers the next one', async ({ page }) => {
  test.setTimeout(400_000);
  const cancelled = await transcribeLong(page, 8, 2);
  expect(cancelled.code).toBe('CANCELLED');
  const chunksDone = cancelled.progress.length;
  expect(chunksDone).toBeGreaterThanOrEqual(2);
  expect(chunksDone).toBeLessThan(cancelled.progress[0]!.total);
  // Nothing more arrives for the cancelled request, and a short recording is still transcribed.
  const after = await transcribeLong(page, 1);
  expect(cancelled.progress.length).toBe(chunksDone);
  expect((after as any).transcript.text.split(' ').length).toBeGreaterThan(40);
});

test('silence and over-long recordings are refused with their codes', async ({ page }) => {
  const codes = await page.evaluate(async () => {
    const ai = window.ai;
    const attempt = async (samples: Float32Array) => {
      try {
        await ai.speech.transcribe({ samples, sampleRate: 16000 });
        return 'ok';
      } catch (error: any) {
        return `${error.code}: ${error.message}`;
      }
    };
    return [await attempt(new Float32Array(16000 * 3)), await attempt(new Float32Array(16000 * 601).fill(0.1))];
  });
  expect(codes[0]).toMatch(/^INVALID_INPUT: .*silent/);
  expect(codes[1]).toMatch(/^TOO_LARGE: .*10\.0 minutes/);
});
