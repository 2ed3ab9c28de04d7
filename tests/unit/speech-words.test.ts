// Commands by typing a word: pronunciations from the shipped CMU dictionary, letter-to-sound rules for
// words it lacks, and how the decoder's opinion and the command model's scores make one answer.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spellingToPhones } from '../../workers/speech/letter-to-sound';
import { Pronouncer } from '../../workers/speech/pronounce';
import { HEARD_SCORE, MODEL_SURE_SCORE, secondOpinion } from '../../workers/speech/second-opinion';

const DICTIONARY = resolve(import.meta.dirname, '../../models/pocketsphinx/en-us/cmudict-en-us.dict');
const pronouncer = new Pronouncer(() => readFileSync(DICTIONARY, 'utf8'));

describe('pronunciations', () => {
  it('come from the CMU dictionary, every variant', () => {
    expect(pronouncer.pronounce('Lights')).toEqual({ word: 'lights', variants: ['L AY T S'], source: 'dictionary' });
    expect(pronouncer.pronounce('read').variants).toEqual(['R EH D', 'R IY D']);
  });

  it('fall back to the spelling for a word the dictionary lacks', () => {
    const made = pronouncer.pronounce('zorblax');
    expect(made.source).toBe('spelling');
    expect(made.variants).toEqual(['Z AO R B L AE K S']);
  });

  it('letter-to-sound rules read letter groups and a silent final e as English does', () => {
    expect(spellingToPhones('lights')).toEqual(['L', 'AY', 'T', 'S']);
    expect(spellingToPhones('shine')).toEqual(['SH', 'AY', 'N']);
    expect(spellingToPhones('kettle')).toEqual(['K', 'EH', 'T', 'L', 'EH']);
    expect(spellingToPhones('42!')).toEqual([]);
  });
});

describe('the second opinion', () => {
  const scores = (top: string, score: number) => [
    { label: top, score },
    { label: '_unknown_', score: (1 - score) / 2 },
    { label: 'yes', score: (1 - score) / 2 },
  ];

  it('lets a sure model answer stand, whatever the decoder heard', () => {
    expect(secondOpinion(scores('go', MODEL_SURE_SCORE), 'no')[0]).toEqual({ label: 'go', score: MODEL_SURE_SCORE });
  });

  it('puts a command the decoder heard on top, the scores still adding up to 1', () => {
    const answer = secondOpinion(scores('go', 0.4), 'yes');
    expect(answer[0]!.label).toBe('yes');
    expect(answer[0]!.score).toBe(HEARD_SCORE);
    expect(answer.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 6);
  });

  it('names a typed word the model does not know', () => {
    expect(secondOpinion(scores('_unknown_', 0.5), 'lights')[0]).toEqual({ label: 'lights', score: HEARD_SCORE });
  });

  it('calls an unsure command an unknown word when the decoder heard only other words', () => {
    expect(secondOpinion(scores('go', 0.4), undefined)[0]!.label).toBe('_unknown_');
    expect(secondOpinion(scores('_background_noise_', 0.4), undefined)[0]!.label).toBe('_background_noise_');
  });
});
