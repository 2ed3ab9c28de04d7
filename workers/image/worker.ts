/** The image service's worker entry. */
import { serve } from '../../src/runtime/serve';
import { imageContract } from './contract';
import { decodeImage } from './decode';
import { ImageEngine } from './engine';
import { clearHistory, listHistory, openImageDb } from './store';

serve(imageContract, async (runtime) => {
  const db = await openImageDb();
  const engine = await ImageEngine.load(runtime, db);
  return {
    classify: async ({ image, topK }, request) => {
      const pixels = await decodeImage(image);
      request.signal.throwIfAborted();
      return engine.classify(pixels, topK);
    },
    detect: async ({ image, minScore, maxResults }, request) => {
      const pixels = await decodeImage(image);
      request.signal.throwIfAborted();
      return engine.detect(pixels, minScore, maxResults);
    },
    history: ({ limit }) => listHistory(db, limit),
    clearHistory: () => clearHistory(db),
  };
});
