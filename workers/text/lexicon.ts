/**
 * AFINN-165 word valences as a few numbers the project's sentiment head adds to the sentence embedding:
 * read the way npm `sentiment` reads them (its tokenizer, and a negator just before a word flips it), and
 * read by clause (negation reaching a few words, intensifiers, what follows "but" apart). Pure, so the
 * build script (models/build-text-sentiment.mjs) computes exactly what the worker computes.
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

export const LEXICON_FEATURES = 12;

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

/**
 * npm `sentiment`'s reading [score / 5, positive words / 2, negative words / 2, tanh(score / 3)], then the
 * clause reading (clauseFeatures): every number scaled near unit size for the head.
 */
export function lexiconFeatures(text: string, lexicon: Lexicon): number[] {
  const values = valences(lexiconTokens(text), lexicon);
  const score = values.reduce((sum, v) => sum + v, 0);
  return [score / 5, values.filter((v) => v > 0).length / 2, values.filter((v) => v < 0).length / 2, Math.tanh(score / 3), ...clauseFeatures(text, lexicon)];
}

/** Words that turn the next few words around, besides the lexicon's own negators. */
const NEGATORS = ['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'cannot', 'without', 'hardly', 'barely'];
/** How much a word strengthens the sentiment word right after it. */
const INTENSIFIERS: Record<string, number> = {
  very: 1.5, really: 1.4, so: 1.3, extremely: 1.8, too: 1.2, absolutely: 1.6, totally: 1.5, completely: 1.5,
  most: 1.3, highly: 1.5, quite: 1.2, pretty: 1.1, incredibly: 1.8, truly: 1.4,
};
/** A negator's reach, in words. */
const NEGATION_SCOPE = 3;
/** A negated word counts this much, the other way ("not great" is mildly bad, not terrible). */
const NEGATED = -0.6;
const CLAUSE_BREAK = /(\bbut\b|\bhowever\b|\balthough\b|\bthough\b|[.;:!?,])/;
const CONTRAST = new Set(['but', 'however']);

/**
 * The valences read clause by clause: [sum / 5, tanh(sum / 3), after "but" / 5, tanh(after "but" / 3),
 * positive / 2, negative / 2, tanh(last clause / 3), exclamation marks (up to 3) / 3]. What follows "but"
 * usually carries the verdict ("the food was good but the service was awful").
 */
export function clauseFeatures(text: string, lexicon: Lexicon): number[] {
  let total = 0;
  let afterContrast = 0;
  let contrast = false;
  let positive = 0;
  let negative = 0;
  let last = 0;
  // split() with a captured separator alternates clause, separator, clause, ...
  const parts = text.toLowerCase().split(CLAUSE_BREAK);
  for (let p = 0; p < parts.length; p += 1) {
    if (p % 2 === 1) {
      if (CONTRAST.has(parts[p]!)) contrast = true;
      continue;
    }
    const words = parts[p]!.replace(/[^a-z']/g, ' ').split(' ').filter(Boolean);
    let reach = 0;
    let boost = 1;
    let clause = 0;
    let counted = false;
    for (const word of words) {
      if (lexicon.negators.has(word) || NEGATORS.includes(word)) {
        reach = NEGATION_SCOPE;
        continue;
      }
      const strength = INTENSIFIERS[word];
      if (strength !== undefined) {
        boost *= strength;
        continue;
      }
      const value = lexicon.words.get(word);
      if (value !== undefined) {
        const v = value * boost * (reach > 0 ? NEGATED : 1);
        clause += v;
        counted = true;
        if (v > 0) positive += 1;
        if (v < 0) negative += 1;
      }
      boost = 1;
      if (reach > 0) reach -= 1;
    }
    total += clause;
    if (contrast) afterContrast += clause;
    if (counted) last = clause;
  }
  const exclamations = Math.min(3, (text.match(/!/g) ?? []).length);
  return [total / 5, Math.tanh(total / 3), afterContrast / 5, Math.tanh(afterContrast / 3), positive / 2, negative / 2, Math.tanh(last / 3), exclamations / 3];
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
