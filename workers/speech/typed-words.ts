/**
 * Commands added by typing a word: no recorded examples, only how it is said (the CMU dictionary, or
 * letter-to-sound rules). Kept in the service's settings, so they come back on the next start.
 */
import { InPageError } from '../../src/core/errors';
import { readSetting, writeSetting, type ServiceDb } from '../../src/runtime/storage/store';
import type { TypedWord } from './contract';
import type { Pronouncer } from './pronounce';
import { MAX_WORDS } from './store';

const SETTING = 'typedWords';

export async function readTypedWords(db: ServiceDb): Promise<TypedWord[]> {
  return (await readSetting<TypedWord[]>(db, SETTING)) ?? [];
}

/** Adds (or re-adds) a typed word: its pronunciation, with where it came from. */
export async function addTypedWord(db: ServiceDb, pronouncer: Pronouncer, text: string): Promise<TypedWord> {
  const words = await readTypedWords(db);
  const spoken = text.trim().toLowerCase().split(/\s+/);
  const parts = spoken.map((w) => pronouncer.pronounce(w));
  if (parts.some((p) => p.variants.length === 0)) throw new InPageError('INVALID_INPUT', `"${text}" has no letters to say: type the word as it is spelled.`, 'speech');
  const word: TypedWord = { word: spoken.join(' '), phones: parts.map((p) => p.variants[0]!).join(' '), source: parts.every((p) => p.source === 'dictionary') ? 'dictionary' : 'spelling' };
  const others = words.filter((w) => w.word !== word.word);
  if (others.length >= MAX_WORDS) throw new InPageError('TOO_LARGE', `There are already ${MAX_WORDS} typed words; delete one first.`, 'speech');
  await writeSetting(db, SETTING, [...others, word]);
  return word;
}

/** Whether a typed word was there to remove. */
export async function removeTypedWord(db: ServiceDb, word: string): Promise<boolean> {
  const words = await readTypedWords(db);
  const kept = words.filter((w) => w.word !== word.trim().toLowerCase());
  if (kept.length === words.length) return false;
  await writeSetting(db, SETTING, kept);
  return true;
}
