/** The image service's worker entry. */
import { guestRefusal } from '../../src/runtime/serving/guest';
import { serve } from '../../src/runtime/serving/serve';
import { imageContract } from './contract';
import { deleteCustomModel, importCustomModel, listCustomModels, readCustomModel, removeClass, toFile } from './custom';
import { decodeImage } from './decode';
import { ImageEngine } from './engine';
import { clearHistory, IMAGE_STORES, listHistory, openImageDb } from './store';

serve(
  imageContract,
  async (runtime) => {
    const db = await openImageDb();
    const engine = await ImageEngine.load(runtime, db);
    return {
      classify: async ({ image, topK, model }, request) => {
        // A partner without the storage grant reads no custom model and leaves no history.
        if (model && request.guest) throw guestRefusal('image', 'a custom model');
        const started = performance.now();
        const pixels = await decodeImage(image, engine.classifierSize, request.signal);
        runtime.phase('decode', performance.now() - started);
        return model ? engine.classifyCustom(pixels, model.slice('custom:'.length), topK) : engine.classify(pixels, topK, !request.guest);
      },
      teach: ({ model, label, images }, request) =>
        engine.teach(model, label, images.map((image) => () => decodeImage(image, engine.classifierSize, request.signal)), request),
      listModels: () => listCustomModels(db),
      deleteClass: ({ model, label }) => removeClass(db, model, label),
      deleteModel: ({ model }) => deleteCustomModel(db, model),
      exportModel: async ({ model }) => toFile(await readCustomModel(db, model)),
      importModel: ({ file, name }) => importCustomModel(db, file, name),
      detect: async ({ image, minScore, maxResults }, request) =>
        engine.detect(await decodeImage(image, engine.detectorSize, request.signal), minScore, maxResults, !request.guest),
      history: async ({ limit }) => (await engine.history.flush(), listHistory(db, limit)),
      clearHistory: () => (engine.history.drop(), clearHistory(db)),
    };
  },
  // The storage methods (models, prepare, export, ...) open the database the same way, with its history store;
  // the models they list come from the descriptor (service.ts).
  { db: openImageDb, stores: IMAGE_STORES },
);
