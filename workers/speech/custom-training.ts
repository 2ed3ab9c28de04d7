/**
 * Custom words by transfer learning, as speech-commands' createTransfer() does it: the base model up to
 * its last hidden dense layer stays frozen, a new softmax head learns the new words. Written here rather
 * than through the library's transfer recognizer because that one records from an AnalyserNode and keeps
 * its word list in localStorage, neither of which a worker has. The result is an ordinary layers model,
 * loaded through the library like any other (commands.ts fromArtifacts).
 */
import { InPageError } from '../../src/core/errors';
import type { RequestContext } from '../../src/runtime/serving/request';
import { savedArtifacts, tf } from '../../src/runtime/backends/tf';
import { BACKGROUND, type EpochLog } from './contract';
import type { CommandModel } from './commands';
import { BINS, FRAMES, normalize } from './spectrogram';
import type { StoredCustomModel, StoredExample } from './store';

export const MIN_EXAMPLES_PER_WORD = 3;
/** Frames each example is also shifted by, so a word said a little early or late still matches. */
const SHIFTS = [-3, 3];

export async function trainCustom(
  base: CommandModel,
  examples: StoredExample[],
  epochs: number,
  request: Pick<RequestContext, 'signal' | 'progress'>,
): Promise<{ model: StoredCustomModel; epochs: EpochLog[] }> {
  const byWord = new Map<string, StoredExample[]>();
  for (const e of examples) byWord.set(e.word, [...(byWord.get(e.word) ?? []), e]);
  const spoken = [...byWord.keys()].filter((w) => w !== BACKGROUND);
  if (spoken.length < 2) throw invalid(`Record at least two words before training (have: ${spoken.join(', ') || 'none'}).`);
  for (const [word, list] of byWord) {
    if (list.length < MIN_EXAMPLES_PER_WORD) throw invalid(`"${word}" has ${list.length} example(s); record at least ${MIN_EXAMPLES_PER_WORD}.`);
  }
  // A model without a "nothing said" class calls every noise one of the words: add quiet noise if none was recorded.
  const all = byWord.has(BACKGROUND) ? examples : [...examples, ...syntheticBackground(8)];
  const words = [BACKGROUND, ...spoken.sort()];

  const model = tf.model({ inputs: base.layers.inputs, outputs: newHead(base.layers, words.length) });
  for (const layer of base.layers.layers) layer.trainable = false;
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const { xs, ys } = tf.tidy(() => {
    const inputs = all.flatMap((e) => [e.spectrogram, ...SHIFTS.map((s) => shifted(e.spectrogram, s))]);
    const labels = all.flatMap((e) => Array<number>(1 + SHIFTS.length).fill(words.indexOf(e.word)));
    const flat = new Float32Array(inputs.length * FRAMES * BINS);
    inputs.forEach((x, i) => flat.set(x, i * FRAMES * BINS));
    return { xs: tf.tensor4d(flat, [inputs.length, FRAMES, BINS, 1]), ys: tf.oneHot(tf.tensor1d(labels, 'int32'), words.length) };
  });
  const log: EpochLog[] = [];
  try {
    await model.fit(xs, ys, {
      epochs,
      batchSize: 16,
      shuffle: true,
      callbacks: {
        // Cancelling stops between batches; the stored model stays the previous one.
        onBatchEnd: async () => request.signal.throwIfAborted(),
        onEpochEnd: async (epoch, logs) => {
          const entry = { epoch: epoch + 1, loss: logs?.loss ?? NaN, accuracy: logs?.acc ?? logs?.accuracy ?? NaN };
          log.push(entry);
          request.progress({
            phase: 'train',
            loaded: entry.epoch,
            total: epochs,
            message: `loss ${entry.loss.toFixed(3)}, accuracy ${entry.accuracy.toFixed(2)}`,
            metrics: { loss: entry.loss, accuracy: entry.accuracy },
          });
        },
      },
    });
    return { model: { ...(await savedArtifacts(model)), words, base: base.name, trainedAt: Date.now() }, epochs: log };
  } finally {
    // Not model.dispose(): its layers are the base model's, still in use.
    tf.dispose([xs, ys]);
  }
}

/** A new softmax layer on the base model's last hidden dense layer, as the library's transfer models have. */
function newHead(base: tf.LayersModel, units: number): tf.SymbolicTensor {
  const layers = base.layers;
  let i = layers.length - 2;
  while (i >= 0 && layers[i]!.getClassName() !== 'Dense') i -= 1;
  if (i < 0) throw new InPageError('INTERNAL', 'The base model has no hidden dense layer to train new words on.', 'speech');
  const features = layers[i]!.output as tf.SymbolicTensor;
  const head = tf.layers.dense({ units, activation: 'softmax', name: `custom_words_${Date.now()}` });
  return head.apply(features) as tf.SymbolicTensor;
}

/** The example moved `by` frames in time, the gap filled with its quietest frame's level. */
function shifted(x: Float32Array, by: number): Float32Array {
  const out = new Float32Array(x.length).fill(Math.min(...x));
  const frames = x.length / BINS;
  for (let f = 0; f < frames; f += 1) {
    const from = f - by;
    if (from >= 0 && from < frames) out.set(x.subarray(from * BINS, (from + 1) * BINS), f * BINS);
  }
  return out;
}

/** Low pink-ish noise spectrograms with a fixed seed: a stand-in for a recorded quiet room. */
function syntheticBackground(count: number): StoredExample[] {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, () => {
    const level = -100 + random() * 40;
    const x = Float32Array.from({ length: FRAMES * BINS }, (_, i) => level - 10 * Math.log10(1 + (i % BINS)) + (random() - 0.5) * 12);
    return { word: BACKGROUND, spectrogram: normalize(x), at: 0 };
  });
}

function invalid(message: string): InPageError {
  return new InPageError('INVALID_INPUT', message, 'speech');
}
