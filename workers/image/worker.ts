/** The image service's worker entry. */
import { serve } from '../../src/runtime/serve';
import { imageContract } from './contract';
import { decodeImage } from './decode';
import { IMAGE_MODELS, ImageEngine } from './engine';
import { clearHistory, listHistory, openImageDb } from './store';

serve(
  imageContract,
  async (runtime) => {
    const db = await openImageDb();
    const engine = await ImageEngine.load(runtime, db);
    return {
      classify: async ({ image, topK }, request) => engine.classify(await decodeImage(image, request.signal), topK),
      detect: async ({ image, minScore, maxResults }, request) =>
        engine.detect(await decodeImage(image, request.signal), minScore, maxResults),
      history: ({ limit }) => listHistory(db, limit),
      clearHistory: () => clearHistory(db),
    };
  },
  // The storage methods (models, prepare, export, ...) open the database the same way, with its history store.
  { models: IMAGE_MODELS, db: openImageDb },
);
