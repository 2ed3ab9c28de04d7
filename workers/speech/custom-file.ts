/**
 * The custom-word model as one JSON file a person can keep or move to another browser: the trained
 * layers model, its words and the examples it was trained on (so training can go on after an import).
 */
import { z } from 'zod';
import { InPageError } from '../../src/core/errors';
import { fromBase64, toBase64 } from '../../src/runtime/storage/base64';
import { readJsonFile } from '../../src/runtime/input/json-file';
import { BINS, FRAMES } from './spectrogram';
import { MAX_EXAMPLES_PER_WORD, MAX_WORDS, type StoredCustomModel, type StoredExample } from './store';

const FORMAT = 'inpage-speech-custom-words';
/** An exported file is a few MB; anything far larger is not one. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const customFile = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  words: z.array(z.string()).min(2),
  base: z.string(),
  trainedAt: z.number(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(z.object({ name: z.string(), shape: z.array(z.number()), dtype: z.string() })),
  weightData: z.string(),
  examples: z.array(z.object({ word: z.string(), at: z.number(), spectrogram: z.string() })),
});

export function writeCustomFile(model: StoredCustomModel, examples: StoredExample[]): Blob {
  const file: z.infer<typeof customFile> = {
    format: FORMAT,
    version: 1,
    words: model.words,
    base: model.base,
    trainedAt: model.trainedAt,
    modelTopology: model.modelTopology as Record<string, unknown>,
    weightSpecs: model.weightSpecs as z.infer<typeof customFile>['weightSpecs'],
    weightData: toBase64(model.weightData),
    examples: examples.map((e) => ({ word: e.word, at: e.at, spectrogram: toBase64(e.spectrogram) })),
  };
  return new Blob([JSON.stringify(file)], { type: 'application/json' });
}

export async function readCustomFile(blob: Blob): Promise<{ model: StoredCustomModel; examples: StoredExample[] }> {
  if (blob.size === 0) throw invalid('The file is empty.');
  const json = await readJsonFile(blob, {
    service: 'speech',
    maxBytes: MAX_FILE_BYTES,
    what: 'exported custom-word models',
    invalid: (why) => invalid(`This is not an exported custom-word model (${why}).`),
  });
  const parsed = customFile.safeParse(json);
  if (!parsed.success) throw invalid('This is not an exported InPage custom-word model (its fields do not match).');
  const f = parsed.data;
  const words = new Set(f.examples.map((e) => e.word));
  if (words.size > MAX_WORDS || f.examples.length > MAX_WORDS * MAX_EXAMPLES_PER_WORD) {
    throw new InPageError('TOO_LARGE', `The file holds ${words.size} words and ${f.examples.length} examples; the speech service keeps up to ${MAX_WORDS} words of ${MAX_EXAMPLES_PER_WORD} examples.`, 'speech');
  }
  const examples = f.examples.map((e) => ({ word: e.word, at: e.at, spectrogram: new Float32Array(decode(e.spectrogram)) }));
  if (examples.some((e) => e.spectrogram.length !== FRAMES * BINS)) throw invalid('The file\'s examples are not InPage spectrograms.');
  return {
    model: { words: f.words, base: f.base, trainedAt: f.trainedAt, modelTopology: f.modelTopology, weightSpecs: f.weightSpecs, weightData: decode(f.weightData) },
    examples,
  };
}

function decode(text: string): ArrayBuffer {
  try {
    return fromBase64(text).buffer;
  } catch {
    throw invalid('The file\'s model data is damaged.');
  }
}

function invalid(message: string): InPageError {
  return new InPageError('INVALID_INPUT', message, 'speech');
}
