/** The tabular service's worker entry. */
import { serve } from '../../src/runtime/serving/serve';
import { tabularContract } from './contract';
import { TabularEngine } from './engine';
import { openTabularDb, TABULAR_STORES } from './store';

serve(
  tabularContract,
  async (runtime) => {
    const db = await openTabularDb();
    const engine = await TabularEngine.load(runtime, db);
    return {
      profile: ({ csv, target }, request) => engine.profile(csv, target, request),
      train: ({ request: options }, request) => engine.train(options, request, request.guest),
      predict: ({ modelId, input }, request) => engine.predict(modelId, input, request, request.guest),
      listModels: () => engine.models(),
      renameModel: ({ id, name }) => engine.rename(id, name),
      deleteModel: ({ id }) => engine.delete(id),
      exportModel: ({ id }) => engine.export(id),
      importModel: ({ file }) => engine.import(file),
    };
  },
  // No models to download (it trains its own); the storage methods open its database with its stores.
  { db: openTabularDb, stores: TABULAR_STORES },
);
