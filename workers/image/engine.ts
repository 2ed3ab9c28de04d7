/**
 * The image service's models: an ImageNet classifier (a TF.js layers model with its own preprocessing,
 * or MobileNet through @tensorflow-models/mobilenet for graph models, on ONNX Runtime where its ONNX
 * conversion measures faster: runtime-choice.ts) and a COCO object detector.
 */
import * as mobilenet from '@tensorflow-models/mobilenet';
import { InPageError } from '../../src/core/errors';
import { boot, loadModel } from '../../src/runtime/serving/boot';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { ModelBytes } from '../../src/runtime/models/models';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { tf, tfBackends, tfjsHandler } from '../../src/runtime/backends/tf';
import { timed, type Classifier, type Phase } from './classifier';
import type { Classification, Detection } from './contract';
import { addExamples, knn, normalize, readCustomModel } from './custom';
import type { Pixels, Size } from './decode';
import { historyKeeper, type HistoryKeeper } from './history';
import { inputTensor } from './input-tensor';
import { onnxClassifier } from './onnx-classifier';
import { runtimeChoice } from './runtime-choice';

export class ImageEngine {
  private detector: Promise<tf.GraphModel> | undefined;
  /** The answers' history, written off their path (history.ts). */
  readonly history: HistoryKeeper;
  /** The descriptor's detector group has one model: the COCO CenterNet, loaded on first use. */
  private readonly detectorManifest: ModelManifest;

  private constructor(
    private readonly runtime: Runtime,
    private readonly db: ServiceDb,
    private readonly classifier: Classifier,
  ) {
    this.history = historyKeeper(db, runtime);
    // A replica retired right after an answer writes it before it stops.
    runtime.beforeStop(() => this.history.flush());
    this.detectorManifest = runtime.group('detector').models[0]!;
  }

  static async load(runtime: Runtime, db: ServiceDb): Promise<ImageEngine> {
    const runtimes = runtimeChoice(tfBackends(), runtime.group('onnx').models, async (manifest) =>
      onnxClassifier(manifest, await loadModel(manifest, runtime, db), runtime.phase),
    );
    const { model: classifier } = await boot({
      runtime,
      db,
      group: { ...runtime.group('classifier'), open: async (manifest, bytes) => runtimes.serve(await classifierFor(manifest, bytes, runtime.phase)) },
      candidates: runtimes.candidates,
      warmup: async (classifier) => {
        const size = classifier.manifest.input?.size ?? 224;
        const blank = await createImageBitmap(new ImageData(size, size));
        return classifier.classify(blank, 1).finally(() => blank.close());
      },
      memory: () => tf.memory().numBytes,
    });
    return new ImageEngine(runtime, db, classifier);
  }

  /** The size the classifier reads: what its pictures are decoded to. */
  get classifierSize(): Size {
    const size = this.classifier.manifest.input?.size ?? 224;
    return { width: size, height: size };
  }

  /** The size the detector reads. */
  get detectorSize(): Size {
    const size = this.detectorManifest.input?.size ?? 512;
    return { width: size, height: size };
  }

  /** `keep`: whether the answer goes into the history (not for a partner's call). */
  async classify(pixels: Pixels, topK: number, keep = true): Promise<Classification[]> {
    try {
      const results = await this.classifier.classify(pixels.source, topK);
      if (keep) this.remember('classify', this.classifier.manifest.id, pixels, results[0]?.label ?? '', results[0]?.probability ?? 0);
      return results;
    } finally {
      pixels.source.close();
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
    try {
      return normalize(await this.classifier.embed(pixels.source));
    } finally {
      pixels.source.close();
    }
  }

  async detect(pixels: Pixels, minScore: number, maxResults: number, keep = true): Promise<Detection[]> {
    const model = await (this.detector ??= this.loadDetector());
    const size = this.detectorManifest.input?.size ?? 512;
    // The detector reads pixel values as they are (0 to 255).
    const input = inputTensor(pixels.source, size, size, [0, 255]);
    pixels.source.close();
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
        return { label: (this.detectorManifest.labels as string[])[Math.round(cls!)] ?? `class ${cls}`, score: score!, box };
      });
    const detections = suppressOverlaps(candidates).slice(0, maxResults);
    if (keep) this.remember('detect', this.detectorManifest.id, pixels, detections[0]?.label ?? '', detections[0]?.score ?? 0);
    return detections;
  }

  private async loadDetector(): Promise<tf.GraphModel> {
    const bytes = await loadModel(this.detectorManifest, this.runtime, this.db);
    return tf.loadGraphModel(tfjsHandler(bytes, 'model.json'));
  }

  /** Notes the answer for the history, which is drawn and written once the replica is idle (history.ts). */
  private remember(task: 'classify' | 'detect', model: string, pixels: Pixels, label: string, probability: number): void {
    this.history.add({ at: Date.now(), task, model, label, probability, width: pixels.width, height: pixels.height }, pixels.original);
  }
}

async function classifierFor(manifest: ModelManifest, bytes: ModelBytes, phase: Phase): Promise<Classifier> {
  const handler = tfjsHandler(bytes, 'model.json');
  if (manifest.runtime === 'tfjs-graph') {
    const { version, alpha } = manifest.options as { version: 1 | 2; alpha: 1 };
    const model = await mobilenet.load({ version, alpha, modelUrl: handler, inputRange: manifest.input?.range });
    // The library scales and normalises itself: it gets the picture's pixels as they are.
    const pixelsOf = (picture: ImageBitmap) => tf.browser.fromPixels(picture, 3);
    return {
      manifest,
      classify: async (picture, topK) => {
        const input = pixelsOf(picture);
        try {
          return (await model.classify(input, topK)).map((p) => ({ label: p.className, probability: p.probability }));
        } finally {
          input.dispose();
        }
      },
      embed: async (picture) => {
        const input = pixelsOf(picture);
        try {
          return await dataOf(model.infer(input, true) as tf.Tensor);
        } finally {
          input.dispose();
        }
      },
    };
  }
  const model = await tf.loadLayersModel(handler);
  // The same network cut at its global average pooling: one forward pass gives the embedding.
  const pooling = [...model.layers].reverse().find((layer) => layer.getClassName() === 'GlobalAveragePooling2D');
  if (!pooling) throw new InPageError('INTERNAL', `${manifest.id} has no pooling layer to take embeddings from.`, 'image');
  const embedder = tf.model({ inputs: model.inputs, outputs: pooling.output as tf.SymbolicTensor });
  const labels = JSON.parse(new TextDecoder().decode(bytes.files.get(manifest.labels as string))) as string[];
  const { size, range } = manifest.input ?? { size: 224, range: [-1, 1] };
  /** The network's output for one picture; on wasm and cpu the kernels run here, a GPU's finish at the read. */
  const forward = (network: tf.LayersModel, picture: ImageBitmap) => {
    const input = timed(phase, 'to tensor', () => inputTensor(picture, size, size, range as [number, number]));
    try {
      return timed(phase, 'forward', () => network.predict(input) as tf.Tensor);
    } finally {
      input.dispose();
    }
  };
  return {
    manifest,
    classify: async (picture, topK) => {
      const output = forward(model, picture);
      const started = performance.now();
      try {
        return await tensorTopK(output, labels, topK);
      } finally {
        output.dispose();
        phase('top-k', performance.now() - started);
      }
    },
    embed: async (picture) => dataOf(forward(embedder, picture)),
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

/** The k best classes, read back alone: the backend sorts, only k values and indices cross over. */
async function tensorTopK(probabilities: tf.Tensor, labels: string[], k: number): Promise<Classification[]> {
  const { values, indices } = tf.topk(probabilities.squeeze([0]), Math.min(k, labels.length));
  try {
    const [p, i] = await Promise.all([values.data(), indices.data()]);
    return Array.from(i, (index, n) => ({ label: labels[index] ?? `class ${index}`, probability: p[n]! }));
  } finally {
    values.dispose();
    indices.dispose();
  }
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
