/** The tabular service, as the page sees it: one entry of the list in src/client/services.ts. */
import { aliases, defineService, type ApiOf, type ContractApi } from '../../src/core/descriptor';
import { tabularContract } from './contract';

type Api = ContractApi<typeof tabularContract>;

export interface TabularDeprecated {
  /** @deprecated Use `listModels`. */
  models: Api['listModels'];
}

export const tabularService = defineService({
  contract: tabularContract,
  worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'inpage-tabular' }),
  aliases: aliases<TabularDeprecated>({ models: 'listModels' }),
  // It trains its own models: nothing to download.
  page: { path: 'tabular', title: 'Tables', shortcut: 'Train on a CSV and predict' },
  bench: ['tabular'],
});

/** What the SDK publishes of this service (src/client/services.ts re-exports it): `ai.tabular`'s type and the types its methods take and give. */
export type TabularService = ApiOf<typeof tabularService>;
export type {
  ColumnProfile,
  CsvInput,
  DataProfile,
  EpochPoint,
  EpochProgress,
  Metrics,
  ModelSummary,
  Problem,
  TabularPrediction,
  TabularRow,
  TrainRequest,
  TrainResult,
} from './contract';
