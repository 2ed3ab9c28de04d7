/**
 * The classifier on ONNX Runtime Web's wasm: the same network and weights as the TF.js model it converts
 * (models/build-onnx-mobilenet.py), read from the same input array, giving the probabilities or the pooled
 * embedding, whichever is asked for.
 */
import { InPageError } from '../../src/core/errors';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { ModelBytes } from '../../src/runtime/models/models';
import { ort, onnxSession } from '../../src/runtime/backends/ort';
import { timed, topKOf, type Classifier, type Phase } from './classifier';
import { inputValues } from './input-tensor';

const MODEL = 'model.onnx';

export async function onnxClassifier(manifest: ModelManifest, bytes: ModelBytes, phase: Phase): Promise<Classifier> {
  const model = bytes.files.get(MODEL);
  const labelFile = bytes.files.get(manifest.labels as string);
  if (!model || !labelFile) throw new InPageError('MODEL_UNAVAILABLE', `${manifest.id} lacks ${model ? manifest.labels : MODEL}.`, 'image', { model: manifest.id });
  const [{ Tensor }, session] = await Promise.all([ort(), onnxSession(model)]);
  const labels = JSON.parse(new TextDecoder().decode(labelFile)) as string[];
  const { size, range } = manifest.input ?? { size: 224, range: [-1, 1] };
  const run = async (picture: ImageBitmap, output: 'probabilities' | 'embedding') => {
    const input = timed(phase, 'to tensor', () => new Tensor('float32', inputValues(picture, size, size, range), [1, size, size, 3]));
    const started = performance.now();
    const result = await session.run({ input }, [output]);
    phase('forward', performance.now() - started);
    return result[output]!.data as Float32Array;
  };
  return {
    manifest,
    classify: async (picture, topK) => {
      const probabilities = await run(picture, 'probabilities');
      return timed(phase, 'top-k', () => topKOf(probabilities, labels, Math.min(topK, labels.length)));
    },
    embed: (picture) => run(picture, 'embedding'),
  };
}
