/**
 * Voice commands: a speech-commands BROWSER_FFT model run through @tensorflow-models/speech-commands.
 * The library's own listen() needs an AnalyserNode, which workers lack, so the worker computes the same
 * spectrogram itself (spectrogram.ts) and hands the library the model input.
 */
import * as speechCommands from '@tensorflow-models/speech-commands';
import { InPageError } from '../../src/core/errors';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { ModelBytes } from '../../src/runtime/models/models';
import { tf, tfjsHandler } from '../../src/runtime/backends/tf';
import type { WordScore } from './contract';
import { BINS, FRAMES } from './spectrogram';

/** A loaded speech-commands model: the library's recognizer, plus the layers model for transfer learning. */
export interface CommandModel {
  name: string;
  words: string[];
  recognizer: speechCommands.SpeechCommandRecognizer;
  layers: tf.LayersModel;
  bytes: number;
}

/** A base model from its files (metadata.json names its words). */
export async function fromBytes(manifest: ModelManifest, bytes: ModelBytes): Promise<CommandModel> {
  const artifacts = await tfjsHandler(bytes, 'model.json').load!();
  const metadataFile = (manifest.options?.metadata as string | undefined) ?? 'metadata.json';
  const metadata = JSON.parse(new TextDecoder().decode(bytes.files.get(metadataFile))) as { words?: string[]; wordLabels?: string[] };
  const model = await fromArtifacts(manifest.id, artifacts, metadata.wordLabels ?? metadata.words ?? []);
  return { ...model, bytes: bytes.bytes };
}

/** Builds a model from TF.js artifacts and its word list (the base models and trained custom words alike). */
export async function fromArtifacts(name: string, artifacts: tf.io.ModelArtifacts, words: string[]): Promise<CommandModel> {
  const recognizer = speechCommands.create('BROWSER_FFT', undefined, artifacts, { wordLabels: words, tfjsSpeechCommandsVersion: speechCommands.version });
  await recognizer.ensureModelLoaded();
  const shape = recognizer.modelInputShape();
  if (shape[1] !== FRAMES || shape[2] !== BINS) {
    throw new InPageError('INVALID_INPUT', `The model "${name}" reads [${shape.join(', ')}] spectrograms; InPage computes [${FRAMES}, ${BINS}].`, 'speech');
  }
  const layers = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { name, words, recognizer, layers, bytes: 0 };
}

/** Scores for one normalised [43 * 232] spectrogram, best first. */
export async function scoreSpectrogram(model: CommandModel, spectrogram: Float32Array, topK: number): Promise<WordScore[]> {
  const input = tf.tensor4d(spectrogram, [1, FRAMES, BINS, 1]);
  try {
    const { scores } = await model.recognizer.recognize(input);
    const values = scores as Float32Array;
    return Array.from(values, (score, i) => ({ label: model.words[i] ?? `word ${i}`, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK);
  } finally {
    input.dispose();
  }
}
