/** The tabular service, as the page sees it: one entry of the list in src/client/services.ts. */
import { aliases, defineService, type ContractApi } from '../../src/bus/descriptor';
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
