// The page-side half of the own sentiment model's direct call (bench/sentiment-direct.mjs): the worker's
// very embedding step, head and lexicon code, bundled into one classic script for the bench page.
export { headProbability } from '../workers/text/head.ts';
export { lexiconFeatures, parseLexicon } from '../workers/text/lexicon.ts';
export { embedderFor } from '../workers/text/use-embed.ts';
