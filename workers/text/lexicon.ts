/**
 * AFINN-165 word valences read the way npm `sentiment` reads them (its tokenizer, and a negator just before
 * a word flips it), as a few numbers the project's sentiment head adds to the sentence embedding. Pure, so
 * the build script (models/build-text-sentiment.mjs) computes exactly what the worker computes.
 */
export interface LexiconFile {
  /** word → valence, -5..5 */
  words: Record<string, number>;
  negators: string[];
}

export interface Lexicon {
  words: Map<string, number>;
  negators: Set<string>;
}

export const LEXICON_FEATURES = 4;

export function parseLexicon(file: LexiconFile): Lexicon {
  return { words: new Map(Object.entries(file.words)), negators: new Set(file.negators) };
}

/** npm `sentiment`'s tokenizer: lower case, punctuation to spaces, split on single spaces. */
export function lexiconTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\n/g, ' ')
    .replace(/[.,/#!?$%^&*;:{}=_`"~()]/g, ' ')
    .replace(/\s\s+/g, ' ')
    .trim()
    .split(' ');
}

/** The AFINN score with negation (what `sentiment` reports as `score`). */
export function lexiconScore(text: string, lexicon: Lexicon): number {
  return valences(lexiconTokens(text), lexicon).reduce((sum, v) => sum + v, 0);
}

/** [score / 5, positive words / 2, negative words / 2, tanh(score / 3)]: scaled near unit size for the head. */
export function lexiconFeatures(text: string, lexicon: Lexicon): number[] {
  const values = valences(lexiconTokens(text), lexicon);
  const score = values.reduce((sum, v) => sum + v, 0);
  return [score / 5, values.filter((v) => v > 0).length / 2, values.filter((v) => v < 0).length / 2, Math.tanh(score / 3)];
}

function valences(tokens: string[], lexicon: Lexicon): number[] {
  const out: number[] = [];
  tokens.forEach((token, i) => {
    const value = lexicon.words.get(token);
    if (value === undefined) return;
    out.push(i > 0 && lexicon.negators.has(tokens[i - 1]!) ? -value : value);
  });
  return out;
}
