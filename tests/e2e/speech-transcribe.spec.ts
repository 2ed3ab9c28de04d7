/**
 * Transcription with no speech-to-text model reachable (Whisper's hub is offline here, and the project's
 * own CTC model did not finish training in time, see the closing note): a clear MODEL_UNAVAILABLE naming
 * what was tried, checks on the audio before any model, and the command side unaffected.
 */
import { expect, test } from '@playwright/test';
import { b64, fixture, openSdk } from './fixtures';

test.beforeEach(async ({ page }) => openSdk(page));

test('without a reachable model, transcribe says which models it tried; commands keep working', async ({ page }) => {
  const outcome = await page.evaluate(async (data) => {
    const ai = (window as any).ai;
    const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
    let failure = { code: '', message: '' };
    try {
      await ai.speech.transcribe(blob);
    } catch (error: any) {
      failure = { code: error.code, message: error.message };
    }
    const words = await ai.speech.recognize(blob);
    return { failure, recognized: Array.isArray(words) };
  }, b64(fixture('audio/sentence-fox.wav')));
  expect(outcome.failure.code).toBe('MODEL_UNAVAILABLE');
  expect(outcome.failure.message).toContain('Whisper tiny.en');
  expect(outcome.failure.message).toContain('huggingface.co/onnx-community/whisper-tiny.en');
  expect(outcome.recognized).toBe(true);
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
