/**
 * The image service's models: an ImageNet classifier (a TF.js layers model with its own preprocessing,
 * or MobileNet through @tensorflow-models/mobilenet for graph models) and a COCO object detector.
 */
import * as mobilenet from '@tensorflow-models/mobilenet';
import centernetManifest from '../../models/centernet-mobilenetv3-coco.json';
import mobilenetV1 from '../../models/mobilenet-v1-0.25-224.json';
import mobilenetV1Accurate from '../../models/mobilenet-v1-0.75-224.json';
import mobilenetV2 from '../../models/mobilenet-v2-1.0-224.json';
import { InPageError } from '../../src/bus/errors';
import { boot, loadModel } from '../../src/runtime/boot';
import { forcedModel } from '../../src/runtime/forced';
import { parseManifest, type ModelManifest } from '../../src/runtime/manifest';
import type { ModelBytes } from '../../src/runtime/models';
import type { Runtime } from '../../src/runtime/serve';
import type { ModelChoice } from '../../src/runtime/storage';
import { guardWrite, type ServiceDb } from '../../src/runtime/store';
import { tf, tfBackends, tfjsHandler } from '../../src/runtime/tf';
import type { Classification, Detection } from './contract';
import { addExamples, knn, normalize, readCustomModel } from './custom';
import type { Pixels } from './decode';
import { historyWriter } from './store';

/** Tried in order until one loads: MobileNet v2 where an operator mirrored it, then the shipped v1s (accurate first). */
const CLASSIFIERS = [mobilenetV2, mobilenetV1Accurate, mobilenetV1].map(parseManifest);
const DETECTOR = parseManifest(centernetManifest);
const DETECTOR_LABELS = DETECTOR.labels as string[];
/** What "make available offline" stores: one of the classifiers (in the order tried) and the detector. */
export const IMAGE_MODELS: ModelChoice[] = [CLASSIFIERS, DETECTOR];
const THUMBNAIL_PX = 96;

interface Classifier {
  manifest: ModelManifest;
  classify(pixels: tf.Tensor3D, topK: number): Promise<Classification[]>;
  /** The pooled features before the ImageNet layer: what custom classes compare. */
  embed(pixels: tf.Tensor3D): Promise<Float32Array>;
}

export class ImageEngine {
  private detector: Promise<tf.GraphModel> | undefined;
  private readonly addHistory: ReturnType<typeof historyWriter>;

  private constructor(
    private readonly runtime: Runtime,
    private readonly db: ServiceDb,
    private readonly classifier: Classifier,
  ) {
    this.addHistory = historyWriter(db);
  }

  static async load(runtime: Runtime, db: ServiceDb): Promise<ImageEngine> {
    const { model: classifier } = await boot({
      runtime,
      db,
      group: { models: CLASSIFIERS, open: classifierFor, forced: forcedModel(runtime.init, CLASSIFIERS), rememberAs: 'model' },
      candidates: tfBackends(),
      warmup: (classifier) => {
        const size = classifier.manifest.input?.size ?? 224;
        const blank = tf.zeros([size, size, 3]) as tf.Tensor3D;
        return classifier.classify(blank, 1).finally(() => blank.dispose());
      },
      memory: () => tf.memory().numBytes,
    });
    return new ImageEngine(runtime, db, classifier);
  }

  /** `keep`: whether the answer goes into the history (not for a partner's call). */
  async classify(pixels: Pixels, topK: number, keep = true): Promise<Classification[]> {
    const input = tf.browser.fromPixels(pixels.source, 3);
    try {
      const results = await this.classifier.classify(input, topK);
      if (keep) this.remember('classify', this.classifier.manifest.id, pixels, results[0]?.label ?? '', results[0]?.probability ?? 0);
      return results;
    } finally {
      input.dispose();
    }
  }

  /** Classifies with a custom model's taught classes (k nearest examples) instead of ImageNet's. */
  async classifyCustom(pixels: Pixels, name: string, topK: number): Promise<Classification[]> {
    const record = await readCustomModel(this.db, name);
    const results = knn(record, this.classifier.manifest.id, await this.embed(pixels), topK);
    this.remember('classify', `custom:${name}`, pixels, results[0]?.label ?? '', results[0]?.probability ?? 0);
    return results;
  }

  /** Embeds each image (reporting progress, stopping when cancelled) and stores them as examples of `label`. */
  async teach(name: string, label: string, images: Array<() => Promise<Pixels>>, request: { signal: AbortSignal; progress: Runtime['progress'] }) {
    const embeddings: number[][] = [];
    for (const [i, next] of images.entries()) {
      request.signal.throwIfAborted();
      embeddings.push(await this.embed(await next()));
      request.progress({ phase: 'teach', loaded: i + 1, total: images.length, message: `Learning "${label}" from example ${i + 1} of ${images.length}` });
    }
    request.signal.throwIfAborted();
    return addExamples(this.db, name, this.classifier.manifest.id, label, embeddings);
  }

  private async embed(pixels: Pixels): Promise<number[]> {
    const input = tf.browser.fromPixels(pixels.source, 3);
    try {
      return normalize(await this.classifier.embed(input));
    } finally {
      input.dispose();
    }
  }

  async detect(pixels: Pixels, minScore: number, maxResults: number, keep = true): Promise<Detection[]> {
    const model = await (this.detector ??= this.loadDetector());
    const size = DETECTOR.input?.size ?? 512;
    const input = tf.tidy(() => tf.image.resizeBilinear(tf.browser.fromPixels(pixels.source, 3).toFloat(), [size, size]).expandDims(0));
    let rows: number[][];
    try {
      // The graph decodes CenterNet itself: rows of [x1, y1, x2, y2, score, class] in input pixels, best first.
      const output = model.execute(input, 'tower_0/detections') as tf.Tensor;
      rows = ((await output.array()) as number[][][])[0]!;
      output.dispose();
    } finally {
      input.dispose();
    }
    const sx = pixels.width / size;
    const sy = pixels.height / size;
    const candidates = rows
      .filter((row) => row[4]! >= minScore)
      .map(([x1, y1, x2, y2, score, cls]) => {
        const left = clamp(x1! * sx, pixels.width);
        const top = clamp(y1! * sy, pixels.height);
        const box = { x: left, y: top, width: clamp(x2! * sx, pixels.width) - left, height: clamp(y2! * sy, pixels.height) - top };
        return { label: DETECTOR_LABELS[Math.round(cls!)] ?? `class ${cls}`, score: score!, box };
      });
    const detections = suppressOverlaps(candidates).slice(0, maxResults);
    if (keep) this.remember('detect', DETECTOR.id, pixels, detections[0]?.label ?? '', detections[0]?.score ?? 0);
    return detections;
  }

  private async loadDetector(): Promise<tf.GraphModel> {
    const bytes = await loadModel(DETECTOR, this.runtime, this.db);
    return tf.loadGraphModel(tfjsHandler(bytes, 'model.json'));
  }

  /**
   * History is written after the answer is on its way: a slow disk must not slow classification. The
   * thumbnail too waits a task, so its drawing runs after the reply has been posted, not before.
   */
  private remember(task: 'classify' | 'detect', model: string, pixels: Pixels, label: string, probability: number): void {
    const entry = { at: Date.now(), task, model, label, probability, width: pixels.width, height: pixels.height };
    void new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => thumbnail(pixels))
      .then((thumb) => guardWrite('image', 'this result in the history', () => this.addHistory({ ...entry, thumbnail: thumb })))
      .catch((error: unknown) => this.runtime.progress({ phase: 'warning', message: InPageError.from(error, 'image').message }));
  }
}

async function classifierFor(manifest: ModelManifest, bytes: ModelBytes): Promise<Classifier> {
  const handler = tfjsHandler(bytes, 'model.json');
  if (manifest.runtime === 'tfjs-graph') {
    const { version, alpha } = manifest.options as { version: 1 | 2; alpha: 1 };
    const model = await mobilenet.load({ version, alpha, modelUrl: handler, inputRange: manifest.input?.range });
    return {
      manifest,
      classify: async (pixels, topK) =>
        (await model.classify(pixels, topK)).map((p) => ({ label: p.className, probability: p.probability })),
      embed: async (pixels) => dataOf(model.infer(pixels, true) as tf.Tensor),
    };
  }
  const model = await tf.loadLayersModel(handler);
  // The same network cut at its global average pooling: one forward pass gives the embedding.
  const pooling = [...model.layers].reverse().find((layer) => layer.getClassName() === 'GlobalAveragePooling2D');
  if (!pooling) throw new InPageError('INTERNAL', `${manifest.id} has no pooling layer to take embeddings from.`, 'image');
  const embedder = tf.model({ inputs: model.inputs, outputs: pooling.output as tf.SymbolicTensor });
  const labels = JSON.parse(new TextDecoder().decode(bytes.files.get(manifest.labels as string))) as string[];
  const { size, range } = manifest.input ?? { size: 224, range: [-1, 1] };
  const prepare = (pixels: tf.Tensor3D) => {
    const resized = tf.image.resizeBilinear(pixels.toFloat(), [size, size]);
    return resized.mul((range[1] - range[0]) / 255).add(range[0]).expandDims(0);
  };
  return {
    manifest,
    classify: async (pixels, topK) => topKOf(await dataOf(tf.tidy(() => model.predict(prepare(pixels)) as tf.Tensor)), labels, topK),
    embed: async (pixels) => dataOf(tf.tidy(() => embedder.predict(prepare(pixels)) as tf.Tensor)),
  };
}

/** Reads a tensor's values and frees it. */
async function dataOf(tensor: tf.Tensor): Promise<Float32Array> {
  try {
    return (await tensor.data()) as Float32Array;
  } finally {
    tensor.dispose();
  }
}

function topKOf(values: ArrayLike<number>, labels: string[], k: number): Classification[] {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b]! - values[a]!);
  return order.slice(0, k).map((i) => ({ label: labels[i] ?? `class ${i}`, probability: values[i]! }));
}

async function thumbnail(pixels: Pixels): Promise<Blob | undefined> {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const scale = Math.min(1, THUMBNAIL_PX / Math.max(pixels.width, pixels.height));
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(pixels.width * scale)), Math.max(1, Math.round(pixels.height * scale)));
  const context = canvas.getContext('2d')!;
  if (pixels.source instanceof ImageData) {
    context.drawImage(await createImageBitmap(pixels.source), 0, 0, canvas.width, canvas.height);
  } else {
    context.drawImage(pixels.source, 0, 0, canvas.width, canvas.height);
  }
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.7 });
}

/** The detector repeats near-identical boxes for one object: keep the best of each same-label overlap. */
function suppressOverlaps(detections: Detection[], maxOverlap = 0.5): Detection[] {
  const kept: Detection[] = [];
  for (const candidate of [...detections].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => k.label === candidate.label && iou(k.box, candidate.box) > maxOverlap)) kept.push(candidate);
  }
  return kept;
}

function iou(a: Detection['box'], b: Detection['box']): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const overlap = Math.max(0, w) * Math.max(0, h);
  return overlap / (a.width * a.height + b.width * b.height - overlap || 1);
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(0, value), max);
}
