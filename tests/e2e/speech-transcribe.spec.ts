/**
 * Transcription: the sentence fixture (en-us, a voice the project's own CTC model never heard) through
 * Transformers.js's automatic-speech-recognition pipeline, published on the bus as speech.transcribed;
 * long audio chunked with progress and cancellation; bad input refused.
 */
import { expect, test } from '@playwright/test';
import { b64, fixture, openSdk } from './fixtures';

const SENTENCE = 'the quick brown fox jumps over the lazy dog';

/** Levenshtein distance over characters, for a character error rate. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

test.beforeEach(async ({ page }) => openSdk(page));

test('the sentence fixture is transcribed and published as speech.transcribed', async ({ page }) => {
  test.setTimeout(240_000);
  const { transcript, published } = await page.evaluate(async (data) => {
    const ai = (window as any).ai;
    const published: unknown[] = [];
    ai.subscribe('speech.transcribed', (message: unknown) => published.push(message));
    const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
    const transcript = await ai.speech.transcribe(blob);
    return { transcript, published };
  }, b64(fixture('audio/sentence-fox.wav')));
  expect(transcript.model).toBe('speech-asr-inpage-ctc');
  expect(published).toEqual([transcript]);
  expect(transcript.chunks).toHaveLength(1);
  expect(transcript.chunks[0].timestamp[1]).toBeCloseTo(4.04, 1);
  const cer = distance(transcript.text, SENTENCE) / SENTENCE.length;
  expect(cer, `"${transcript.text}"`).toBeLessThan(0.35);
});

test('a long recording is chunked with progress, and cancelling stops it', async ({ page }) => {
  test.setTimeout(240_000);
  const outcome = await page.evaluate(async (data) => {
    const ai = (window as any).ai;
    const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
    const sentence = await new OfflineAudioContext(1, 1, 16000).decodeAudioData(await blob.arrayBuffer());
    // 12 copies: about 48 s, so several chunks.
    const long = new Float32Array(sentence.length * 12);
    for (let i = 0; i < 12; i += 1) long.set(sentence.getChannelData(0), i * sentence.length);
    const progress: { loaded: number; total: number }[] = [];
    const full = await ai.speech.transcribe({ samples: long.slice(), sampleRate: 16000 }, { onProgress: (p: any) => p.phase === 'transcribe' && progress.push({ loaded: p.loaded, total: p.total }) });

    const controller = new AbortController();
    let cancelled = '';
    try {
      await ai.speech.transcribe({ samples: long.slice(), sampleRate: 16000 }, { signal: controller.signal, onProgress: (p: any) => p.phase === 'transcribe' && controller.abort() });
    } catch (error: any) {
      cancelled = error.code;
    }
    const after = await ai.speech.recognize(blob);
    return { chunks: full.chunks.length, seconds: full.seconds, progress, cancelled, afterOk: Array.isArray(after) };
  }, b64(fixture('audio/sentence-fox.wav')));
  expect(outcome.seconds).toBeCloseTo(48.5, 0);
  expect(outcome.chunks).toBeGreaterThanOrEqual(3);
  expect(outcome.progress.map((p) => p.loaded)).toEqual(Array.from({ length: outcome.progress[0]!.total }, (_, i) => i + 1));
  expect(outcome.cancelled).toBe('CANCELLED');
  expect(outcome.afterOk).toBe(true);
});

test('silence and over-long recordings are refused with their codes', async ({ page }) => {
  const codes = await page.evaluate(async () => {
    const ai = (window as any).ai;
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

test('the speech page shows the transcript of a dropped call', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#/speech');
  const zone = page.getByTestId('dropzone').nth(1);
  await zone.locator('input[type=file]').setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: fixture('audio/sentence-fox.wav') });
  await expect(page.getByTestId('transcript')).toContainText('fox', { timeout: 180_000 });
});
