/**
 * The project's own sentiment model (`text-sentiment-inpage`, built by models/build-text-sentiment.mjs):
 * a calibrated head over USE lite embeddings plus AFINN lexicon features. Its small files (head and lexicon)
 * come through the runtime's loader like any model; the embeddings come from the service's USE lite encoder.
 */
import type { ModelManifest } from '../../src/runtime/models/manifest';
import { loadModel } from '../../src/runtime/serving/boot';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';
import type { Sentiment } from './contract';
import { headProbability, type HeadFile } from './head';
import { lexiconFeatures, parseLexicon, type Lexicon, type LexiconFile } from './lexicon';

export interface SentimentHead {
  manifest: ModelManifest;
  /** Label and calibrated confidence for each text, given its (normalised) sentence embedding. */
  judge(texts: string[], embeddings: Float32Array[]): Omit<Sentiment, 'model'>[];
}

export async function loadSentimentHead(manifest: ModelManifest, runtime: Runtime, db: ServiceDb): Promise<SentimentHead> {
  const bytes = await loadModel(manifest, runtime, db);
  const json = <T>(option: string): T => JSON.parse(new TextDecoder().decode(bytes.files.get(String(manifest.options?.[option])))) as T;
  const head = json<HeadFile>('head');
  const lexicon: Lexicon = parseLexicon(json<LexiconFile>('lexicon'));
  return {
    manifest,
    judge: (texts, embeddings) =>
      texts.map((text, i) => {
        const positive = headProbability(head, [...embeddings[i]!, ...lexiconFeatures(text, lexicon)]);
        return positive >= 0.5 ? { label: 'POSITIVE', score: positive } : { label: 'NEGATIVE', score: 1 - positive };
      }),
  };
}
