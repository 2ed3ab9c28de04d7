/** The image service, as the page sees it: one entry of the list in src/client/services.ts. */
import centernet from '../../models/centernet-mobilenetv3-coco.json';
import mobilenetV1 from '../../models/mobilenet-v1-0.25-224.json';
import mobilenetV1Onnx from '../../models/mobilenet-v1-0.25-224-onnx.json';
import mobilenetV1Accurate from '../../models/mobilenet-v1-0.75-224.json';
import mobilenetV1AccurateOnnx from '../../models/mobilenet-v1-0.75-224-onnx.json';
import mobilenetV2 from '../../models/mobilenet-v2-1.0-224.json';
import { aliases, defineService, type ApiOf, type ContractApi } from '../../src/core/descriptor';
import { imageContract } from './contract';

type Api = ContractApi<typeof imageContract>;

/** The names of the release before one vocabulary (export, import, delete, list) ran across the services. */
export interface ImageDeprecated {
  /** @deprecated Use `listModels`. */
  customModels: Api['listModels'];
  /** @deprecated Use `deleteClass`. */
  removeClass: Api['deleteClass'];
  /** @deprecated Use `deleteModel`. */
  deleteCustomModel: Api['deleteModel'];
  /** @deprecated Use `exportModel`. */
  exportCustomModel: Api['exportModel'];
  /** @deprecated Use `importModel`. */
  importCustomModel: Api['importModel'];
}

export const imageService = defineService({
  contract: imageContract,
  worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'inpage-image' }),
  aliases: aliases<ImageDeprecated>({
    customModels: 'listModels',
    removeClass: 'deleteClass',
    deleteCustomModel: 'deleteModel',
    exportCustomModel: 'exportModel',
    importCustomModel: 'importModel',
  }),
  // The service's one list of its models, best first: v2 where an operator mirrored it, then the shipped v1s (accurate first).
  modelGroups: [
    { name: 'classifier', models: [mobilenetV2, mobilenetV1Accurate, mobilenetV1] },
    { name: 'detector', models: [centernet] },
    // The shipped v1s as ONNX, for ONNX Runtime where it measures faster than TF.js (runtime-choice.ts).
    { name: 'onnx', models: [mobilenetV1AccurateOnnx, mobilenetV1Onnx] },
  ],
  page: { path: 'image', title: 'Images', shortcut: 'Classify an image' },
  bench: ['image', 'image-bulk', 'classifiers', 'camera', 'engines', 'custom-classes'],
});

/** What the SDK publishes of this service (src/client/services.ts re-exports it): `ai.image`'s type and the types its methods take and give. */
export type ImageService = ApiOf<typeof imageService>;
export type { Classification, CustomModelFile, CustomModelSummary, Detection, HistoryEntry, ImageInput } from './contract';
