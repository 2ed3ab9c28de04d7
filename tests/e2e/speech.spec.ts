/**
 * The speech service in real Chromium: spoken words from tests/fixtures/audio (an espeak-ng voice,
 * en-us, that the project's own model never heard in training) recognised from files, and every bad
 * input answered with its code while the service stays up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { asStereo, noise, readFixtureWav, silence, wav } from './audio';
import { b64, fixture, openSdk, type Answer } from './fixtures';

interface Score {
  label: string;
  score: number;
}

const WORDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'go', 'stop'];

/** `ai.speech[method](blob)` on the page; errors come back as data. */
async function recognizeFile(page: Page, bytes: Buffer, type = 'audio/wav'): Promise<Answer<Score[]>> {
  return page.evaluate(
    async ({ data, type }) => {
      const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type });
      try {
        return { ok: true as const, value: await window.ai.speech.recognize(blob, { topK: 3 }) };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message, service: error.service };
      }
    },
    { data: b64(bytes), type },
  );
}

async function recognizeSamples(page: Page, samples: number[], sampleRate: number): Promise<Answer<Score[]>> {
  return page.evaluate(
    async ({ samples, sampleRate }) => {
      try {
        return { ok: true as const, value: await window.ai.speech.recognize({ samples: Float32Array.from(samples), sampleRate }) };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message, service: error.service };
      }
    },
    { samples, sampleRate },
  );
}

test.beforeEach(async ({ page }) => openSdk(page));

test('spoken command words in an unseen voice are recognised from WAV files', async ({ page }) => {
  const heard: Record<string, string> = {};
  for (const word of WORDS) {
    const answer = await recognizeFile(page, fixture(`audio/${word}.wav`));
    if (!answer.ok) throw new Error(answer.message);
    heard[word] = answer.value[0]!.label;
    expect(answer.value[0]!.score).toBeGreaterThan(answer.value[1]!.score);
  }
  expect(heard).toEqual(Object.fromEntries(WORDS.map((w) => [w, w])));

  const services = await page.evaluate(() => window.ai.services());
  const speech = services.find((s: { name: string }) => s.name === 'speech');
  // Offline here, so the library's published model is unreachable and the project's own build answers.
  expect(speech).toMatchObject({ state: 'ready', model: 'speech-commands-inpage-18w' });
});

/**
 * tests/e2e/audio/heldout: all 18 words in two voices the model never trained on (models/speech/make_heldout_command_fixtures.sh).
 * The shipped build gets 30 of 36 (Festival's diphone voice is the harder one); the build before it about half.
 */
const HELD_OUT_VOICES = ['en-us-f3', 'kal-diphone'];
const COMMANDS = ['down', 'eight', 'five', 'four', 'go', 'left', 'nine', 'no', 'one', 'right', 'seven', 'six', 'stop', 'three', 'two', 'up', 'yes', 'zero'];

test('the 18 command words in two voices it never trained on (espeak-ng en-us+f3, Festival kal_diphone) are at least 80% right', async ({ page }) => {
  const misses: string[] = [];
  for (const voice of HELD_OUT_VOICES) {
    for (const word of COMMANDS) {
      const answer = await recognizeFile(page, readFileSync(resolve(import.meta.dirname, 'audio/heldout', voice, `${word}.wav`)));
      if (!answer.ok) throw new Error(answer.message);
      if (answer.value[0]!.label !== word) misses.push(`${voice} ${word} -> ${answer.value[0]!.label}`);
    }
  }
  const accuracy = 1 - misses.length / (HELD_OUT_VOICES.length * COMMANDS.length);
  expect(accuracy, `missed: ${misses.join(', ')}`).toBeGreaterThanOrEqual(0.8);
});

test('a 48 kHz stereo recording and raw 44.1 kHz samples are resampled and recognised', async ({ page }) => {
  const stereo = await recognizeFile(page, wav(asStereo(readFixtureWav('audio/left.wav'), 48000)));
  expect(stereo.ok && stereo.value[0]!.label).toBe('left');

  const at44 = asStereo(readFixtureWav('audio/stop.wav'), 44100).channels[0]!;
  const samples = await recognizeSamples(page, Array.from(at44), 44100);
  expect(samples.ok && samples.value[0]!.label).toBe('stop');
});

test('bad audio gets a clear, typed error and the service keeps answering', async ({ page }) => {
  const cases: [string, Promise<Answer<Score[]>>, string, RegExp][] = [];
  const header = wav(silence(0));
  cases.push(['empty file', recognizeFile(page, Buffer.alloc(0)), 'INVALID_INPUT', /empty/]);
  cases.push(['header-only WAV', recognizeFile(page, header), 'INVALID_INPUT', /header but no audio/]);
  cases.push(['garbage bytes', recognizeFile(page, Buffer.from('this is not audio at all, just text'.repeat(20))), 'UNSUPPORTED_FORMAT', /not audio/]);
  cases.push(['silence', recognizeFile(page, wav(silence(1.5))), 'INVALID_INPUT', /silent/]);
  cases.push(['35 s of noise', recognizeFile(page, wav(noise(35))), 'TOO_LARGE', /up to 30.0 s/]);
  cases.push(['NaN samples', recognizeSamples(page, [0.1, Number.NaN, 0.2, ...Array(8000).fill(0.1)], 16000), 'INVALID_INPUT', /not numbers/]);
  cases.push(['a 100 Hz sample rate', recognizeSamples(page, Array(100).fill(0.1), 100), 'INVALID_INPUT', /at least 8000 Hz/]);
  for (const [name, pending, code, message] of cases) {
    const answer = await pending;
    expect(answer.ok, name).toBe(false);
    if (answer.ok) continue;
    expect(answer.code, `${name}: ${answer.message}`).toBe(code);
    expect(answer.message, name).toMatch(message);
  }
  const yes = await recognizeFile(page, fixture('audio/yes.wav'));
  expect(yes.ok && yes.value[0]!.label).toBe('yes');
});

test('listening without a usable microphone fails with a clear message, not a crash', async ({ page }) => {
  const answer = await page.evaluate(async () => {
    try {
      const stop = await window.ai.speech.listen({});
      await stop();
      return { ok: true as const };
    } catch (error: any) {
      return { ok: false as const, code: error.code as string, message: error.message as string };
    }
  });
  expect(answer.ok).toBe(false);
  if (answer.ok) return;
  expect(['PERMISSION_DENIED', 'DEVICE_UNAVAILABLE']).toContain(answer.code);
  expect(answer.message).toMatch(/microphone/i);
  const yes = await recognizeFile(page, fixture('audio/yes.wav'));
  expect(yes.ok && yes.value[0]!.label).toBe('yes');
});

test('the speech page recognises a dropped file and shows a bad one\'s error', async ({ page }) => {
  await page.goto('/#/speech');
  const input = page.getByTestId('dropzone').first().locator('input[type=file]');
  await input.setInputFiles({ name: 'go.wav', mimeType: 'audio/wav', buffer: fixture('audio/go.wav') });
  await expect(page.getByRole('list', { name: 'Predictions' }).locator('li').first()).toContainText('go', { timeout: 90_000 });
  await input.setInputFiles({ name: 'notes.wav', mimeType: 'audio/wav', buffer: Buffer.from('not a wav file, only words'.repeat(10)) });
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'UNSUPPORTED_FORMAT');
  await expect(page.getByRole('alert')).toContainText('notes.wav');
});

test('?model= forces one model per group: commands and transcription each take their own, an unknown id is refused', async ({ page }) => {
  await openSdk(page, '?model=pocketsphinx-en-us&model=speech-commands-inpage-18w');
  const forced = await page.evaluate(async (data) => {
    const ai = window.ai;
    const clip = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
    const label = (await ai.speech.recognize(clip, { topK: 1 }))[0]!.label;
    return { vocabulary: (await ai.speech.vocabulary()).name, heard: label, transcribedBy: (await ai.speech.transcribe(clip)).model };
  }, b64(fixture('audio/yes.wav')));
  expect(forced).toEqual({ vocabulary: 'speech-commands-inpage-18w', heard: 'yes', transcribedBy: 'pocketsphinx-en-us' });

  // An id no service's model groups list is a typed error at connect(), not a silently ignored setting.
  await expect(openSdk(page, '?model=no-such-model')).rejects.toThrow('no service has a model "no-such-model"');
});
