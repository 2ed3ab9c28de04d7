/**
 * Pronunciations for command words: the CMU dictionary that ships with the PocketSphinx model (every
 * variant it lists), else letter-to-sound rules for a word it lacks.
 */
import { spellingToPhones } from './letter-to-sound';

export interface Pronunciation {
  word: string;
  /** ARPAbet phones, one string per variant ("L AY T S"). */
  variants: string[];
  /** Where they came from: the dictionary, or the word's spelling. */
  source: 'dictionary' | 'spelling';
}

export class Pronouncer {
  private entries: Map<string, string[]> | undefined;

  /** `dictionary`: the text of a CMU dictionary ("word PH ON ES" a line, "word(2) ..." for variants). */
  constructor(private readonly dictionary: () => string) {}

  pronounce(word: string): Pronunciation {
    const key = word.trim().toLowerCase();
    const known = this.lookup().get(key);
    if (known) return { word: key, variants: known, source: 'dictionary' };
    return { word: key, variants: [spellingToPhones(key).join(' ')].filter(Boolean), source: 'spelling' };
  }

  /** Parsed once, when a pronunciation is first asked for. */
  private lookup(): Map<string, string[]> {
    if (this.entries) return this.entries;
    const entries = new Map<string, string[]>();
    for (const line of this.dictionary().split('\n')) {
      const space = line.indexOf(' ');
      if (space <= 0) continue;
      const word = line.slice(0, space).replace(/\(\d+\)$/, '');
      const phones = line.slice(space + 1).replace(/#.*$/, '').trim();
      if (phones) entries.set(word, [...(entries.get(word) ?? []), phones]);
    }
    return (this.entries = entries);
  }
}
