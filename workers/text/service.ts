/** The text service, as the page sees it: one entry of the list in src/client/services.ts. */
import spam from '../../models/spam-detector.json';
import minilm from '../../models/text-embedding-minilm-l6.json';
import useLite from '../../models/text-embedding-use-lite.json';
import distilbert from '../../models/text-sentiment-distilbert-sst2.json';
import ownSentiment from '../../models/text-sentiment-inpage.json';
import deberta from '../../models/text-zero-shot-deberta-xsmall.json';
import { aliases, defineService, type ApiOf, type ContractApi } from '../../src/core/descriptor';
import { textContract } from './contract';

type Api = ContractApi<typeof textContract>;

export interface TextDeprecated {
  /** @deprecated Use `listDocuments`. */
  documents: Api['listDocuments'];
}

export const textService = defineService({
  contract: textContract,
  worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'inpage-text' }),
  aliases: aliases<TextDeprecated>({ documents: 'listDocuments' }),
  // Each task takes the first of its group this device has (workers/text/engine.ts). USE lite stands in
  // for the NLI model (embedding similarity); a `?model=` of it forces only its first group, embeddings.
  modelGroups: [
    { name: 'spam', models: [spam] },
    { name: 'sentiment', models: [distilbert, ownSentiment] },
    { name: 'embeddings', models: [minilm, useLite] },
    { name: 'zero-shot', models: [deberta, useLite] },
  ],
  page: { path: 'text', title: 'Text', shortcut: 'Classify and search texts' },
  bench: ['text'],
});

/** What the SDK publishes of this service (src/client/services.ts re-exports it): `ai.text`'s type and the types its methods take and give. */
export type TextService = ApiOf<typeof textService>;
export type { Classified, ItemError, LabelScore, SearchHit, Sentiment, StoredDocument, TextInput, TranscriptSentiment } from './contract';
