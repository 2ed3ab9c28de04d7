/**
 * How the two command recognisers answer together. The speech-commands model was trained on synthetic
 * voices and takes many real words for commands; PocketSphinx (word-spotter.ts) was trained on real
 * people and hears them, but not every synthetic voice. The model's answer stands where it is sure;
 * otherwise a command the decoder heard wins, and where it heard only other words the clip is an
 * unknown word. The threshold was chosen on the bench's real and synthetic clips together
 * (`npm run bench speech`), so it favours neither kind of voice.
 */
import { BACKGROUND, UNKNOWN, type WordScore } from './contract';

/** The score a command the decoder heard gets at least: above listen()'s default threshold. */
export const HEARD_SCORE = 0.9;
/** The model is this sure of a command: its answer stands, whatever the decoder heard. */
export const MODEL_SURE_SCORE = 0.6;

/** All scores (every word of the model, best first) and what the decoder heard → the answer, best first. */
export function secondOpinion(scores: WordScore[], heard: string | undefined): WordScore[] {
  const top = scores[0];
  const command = !!top && top.label !== BACKGROUND && top.label !== UNKNOWN;
  if (command && top.score >= MODEL_SURE_SCORE) return scores;
  if (heard) return raise(scores, heard);
  return command ? raise(scores, UNKNOWN) : scores;
}

/** `label` to at least HEARD_SCORE, the others scaled down so that all still add up to 1. */
function raise(scores: WordScore[], label: string): WordScore[] {
  const own = scores.find((s) => s.label === label)?.score ?? 0;
  const score = Math.max(own, HEARD_SCORE);
  const rest = scores.filter((s) => s.label !== label);
  const restSum = rest.reduce((sum, s) => sum + s.score, 0);
  const scale = restSum > 0 ? (1 - score) / restSum : 0;
  return [{ label, score }, ...rest.map((s) => ({ label: s.label, score: s.score * scale }))].sort((a, b) => b.score - a.score);
}
