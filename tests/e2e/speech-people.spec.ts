/**
 * Voice commands in real people's voices (tests/fixtures/people/, cut from Debian's pocketsphinx-testdata
 * by models/speech/cut_real_words.sh), and commands added by typing a word: heard in real recordings of
 * it, while other words are not taken for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { phoneLine } from '../fixtures/phone-line.mjs';
import { readWav, wav } from './audio';
import { b64, openSdk } from './fixtures';

const PEOPLE = resolve(import.meta.dirname, '../fixtures/people');
const CLIPS = readdirSync(PEOPLE).filter((f) => f.endsWith('.wav')).sort();
/** The word a clip's name gives: a command, or "other-<word>" for a word outside the vocabulary. */
const wordOf = (file: string) => file.replace(/\.wav$/, '').split('-').slice(-1)[0]!;
const isOther = (file: string) => file.includes('-other-');

/** The top label for each clip, through the SDK as a page would send a file. */
async function topLabels(page: Page, files: string[]): Promise<string[]> {
  return topLabelsOf(page, files.map((f) => readFileSync(resolve(PEOPLE, f))));
}

/** The clips as a phone line carries them (8 kHz, 300-3,400 Hz), saved as WAV files. */
function byPhone(files: string[]): Buffer[] {
  return files.map((f) => {
    const { channels, sampleRate } = readWav(resolve(PEOPLE, f));
    const line = phoneLine(channels[0]!, sampleRate);
    return wav({ channels: [Float32Array.from(line.samples)], sampleRate: line.sampleRate });
  });
}

async function topLabelsOf(page: Page, wavs: Buffer[]): Promise<string[]> {
  const data = wavs.map(b64);
  return page.evaluate(async (clips) => {
    const labels: string[] = [];
    for (const clip of clips) {
      const blob = new Blob([Uint8Array.from(atob(clip), (c) => c.charCodeAt(0))], { type: 'audio/wav' });
      labels.push((await window.ai.speech.recognize(blob, { topK: 1 }))[0]!.label);
    }
    return labels;
  }, data);
}

test('real people saying command words are understood, and most other words are not taken for commands', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const commands = CLIPS.filter((f) => !isOther(f));
  const others = CLIPS.filter(isOther);
  const heard = await topLabels(page, commands);
  const misses = commands.map((f, i) => [f, heard[i]] as const).filter(([f, label]) => label !== wordOf(f)).map(([f, label]) => `${f}→${label}`);
  expect((commands.length - misses.length) / commands.length, `missed: ${misses.join(', ')}`).toBeGreaterThanOrEqual(0.8);
  const taken = (await topLabels(page, others)).filter((label) => label !== '_unknown_' && label !== '_background_noise_');
  expect(taken.length / others.length, `taken for commands: ${taken.join(', ')}`).toBeLessThanOrEqual(0.4);
});

test('the same people over a phone line (8 kHz, 300-3,400 Hz) are still mostly understood', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const commands = CLIPS.filter((f) => !isOther(f));
  const heard = await topLabelsOf(page, byPhone(commands));
  const misses = commands.map((f, i) => [f, heard[i]] as const).filter(([f, label]) => label !== wordOf(f)).map(([f, label]) => `${f}→${label}`);
  expect((commands.length - misses.length) / commands.length, `missed: ${misses.join(', ')}`).toBeGreaterThanOrEqual(0.7);
  const others = CLIPS.filter(isOther);
  const taken = (await topLabelsOf(page, byPhone(others))).filter((label) => label !== '_unknown_' && label !== '_background_noise_');
  expect(taken.length / others.length, `taken for commands: ${taken.join(', ')}`).toBeLessThanOrEqual(0.4);
});

test('a typed word becomes a command: heard in real recordings of it, not in other words, kept across a reload, deleted', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdk(page);
  const added = await page.evaluate(() => window.ai.speech.addWord('Clubs'));
  expect(added).toEqual({ word: 'clubs', phones: 'K L AH B Z', source: 'dictionary' });
  const clubs = CLIPS.filter((f) => wordOf(f) === 'clubs');
  const notClubs = CLIPS.filter((f) => ['hearts', 'spades', 'queen', 'ten', 'forward', 'four', 'seven'].includes(wordOf(f)));
  expect(clubs.length).toBe(4);
  const heardClubs = await topLabels(page, clubs);
  expect(heardClubs.filter((l) => l === 'clubs').length, `heard: ${heardClubs.join(', ')}`).toBeGreaterThanOrEqual(3);
  const heardOthers = await topLabels(page, notClubs);
  expect(heardOthers.filter((l) => l === 'clubs'), `heard: ${heardOthers.join(', ')}`).toEqual([]);

  await page.reload();
  await openSdk(page);
  expect((await page.evaluate(() => window.ai.speech.vocabulary())).typed).toEqual([added]);
  const spelled = await page.evaluate(() => window.ai.speech.addWord('zorblax'));
  expect(spelled.source).toBe('spelling');
  await page.evaluate(() => window.ai.speech.deleteWord('clubs'));
  expect((await page.evaluate(() => window.ai.speech.vocabulary())).typed.map((t) => t.word)).toEqual(['zorblax']);
  expect(await topLabels(page, clubs.slice(0, 1))).not.toEqual(['clubs']);
});

test('a typed command that is not a word is refused with a clear message', async ({ page }) => {
  await openSdk(page);
  const answer = await page.evaluate(() =>
    window.ai.speech.addWord('42!').then(
      () => 'accepted',
      (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
    ),
  );
  expect(answer).toMatch(/^INVALID_INPUT: .*letters/);
});

test('the speech page adds a command typed as a word, shows how it will be listened for, and removes it', async ({ page }) => {
  await page.goto('/#/speech');
  await expect(page.getByTestId('vocabulary')).toContainText('right', { timeout: 90_000 });
  await page.getByLabel('Type a command').fill('lights');
  await page.getByRole('button', { name: 'Add word' }).click();
  const typed = page.getByRole('list', { name: 'Typed commands' }).getByRole('listitem');
  await expect(typed).toHaveCount(1);
  await expect(typed.first()).toContainText('L AY T S');
  await expect(typed.first()).toContainText('from the dictionary');
  await page.getByRole('button', { name: 'Remove lights' }).click();
  await expect(typed).toHaveCount(0);
});
