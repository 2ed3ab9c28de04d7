/**
 * The speech service's command side: the 18-word base model, the custom-word model trained on this
 * device, which of the two answers, the words typed as text, PocketSphinx's second opinion
 * (second-opinion.ts), and the examples and history kept in the service's database.
 */
import { InPageError } from '../../src/core/errors';
import { boot } from '../../src/runtime/serving/boot';
import type { RequestContext } from '../../src/runtime/serving/request';
import type { Runtime } from '../../src/runtime/serving/serve';
import { readSetting, writeSetting, type ServiceDb } from '../../src/runtime/storage/store';
import { tf, tfBackends } from '../../src/runtime/backends/tf';
import { fromArtifacts, fromBytes, scoreSpectrogram, type CommandModel } from './commands';
import { BACKGROUND, TRANSCRIBE_SAMPLE_RATE, UNKNOWN, type ExampleCounts, type Samples, type TrainResult, type TypedWord, type Vocabulary, type WordScore } from './contract';
import { readCustomFile, writeCustomFile } from './custom-file';
import { Pronouncer } from './pronounce';
import { withBand } from './band';
import { secondOpinion } from './second-opinion';
import { BINS, FRAMES, commandFeatures, resampleLinear } from './spectrogram';
import type { Sphinx } from './sphinx';
import * as store from './store';
import { trainCustom } from './custom-training';
import { addTypedWord, readTypedWords, removeTypedWord } from './typed-words';
import { WordSpotter } from './word-spotter';

const HISTORY_MIN_SCORE = 0.5;

export class CommandEngine {
  private custom: CommandModel | undefined;
  private active: 'base' | 'custom' = 'base';
  private typed: TypedWord[] = [];
  /** The decoder for the words in use; made again when they change. */
  private spotter: Promise<WordSpotter> | undefined;
  private pronouncer: Promise<Pronouncer> | undefined;

  private constructor(
    private readonly db: ServiceDb,
    private readonly base: CommandModel,
    private readonly sphinx: () => Promise<Sphinx>,
  ) {}

  /** `sphinx`: PocketSphinx, shared with transcription, loaded when a command is first heard. */
  static async load(runtime: Runtime, db: ServiceDb, sphinx: () => Promise<Sphinx>): Promise<CommandEngine> {
    const silence = new Float32Array(FRAMES * BINS);
    const { model: base } = await boot({
      runtime,
      db,
      // The descriptor's commands group: the library's published 18-word model, then InPage's own build of it.
      group: { ...runtime.group('commands'), open: fromBytes },
      candidates: tfBackends(),
      warmup: (base) => scoreSpectrogram(base, silence, 1),
      memory: () => tf.memory().numBytes,
    });
    const engine = new CommandEngine(db, base, sphinx);
    await engine.restoreCustom();
    engine.typed = await readTypedWords(db);
    // The decoder is part of hearing a command: ready means ready to hear one, not to start loading.
    await engine.spotterInUse();
    return engine;
  }

  /** A stored custom model comes back on start, and answers if it was in use. */
  private async restoreCustom(): Promise<void> {
    const stored = await store.readCustomModel(this.db);
    if (!stored) return;
    try {
      this.custom = await customModel(stored);
      if ((await readSetting<string>(this.db, 'activeModel')) === 'custom') this.active = 'custom';
    } catch (error) {
      console.warn('InPage speech: the stored custom-word model could not be loaded', error);
    }
  }

  private get model(): CommandModel {
    return this.active === 'custom' && this.custom ? this.custom : this.base;
  }

  /** A `guest` (a partner without the storage grant) hears the base words only and leaves no history. */
  async recognize(audio: Samples, topK: number, guest = false): Promise<WordScore[]> {
    const model = guest ? this.base : this.model;
    const all = await scoreSpectrogram(model, commandFeatures(audio.samples, audio.sampleRate), model.words.length);
    // A phone recording decoded to 16 kHz gets its top band back, as transcription does (band.ts).
    const { samples } = withBand(resampleLinear(audio.samples, audio.sampleRate, TRANSCRIBE_SAMPLE_RATE), audio.sampleRate);
    const spotted = (await this.spotterInUse()).hear(samples);
    // The person's typed words are theirs: a guest's decoder answer counts only where it is a base word.
    const heard = guest && spotted && !this.base.words.includes(spotted) ? undefined : spotted;
    // A trained custom model was measured on its own examples: the decoder only adds the typed words to it.
    const scores = (model === this.base ? secondOpinion(all, heard) : heard && this.typed.some((t) => t.word === heard) ? secondOpinion(all, heard) : all).slice(0, topK);
    const top = scores[0];
    // Only what a person would call a recognised command: listen() asks four times a second.
    if (!guest && top && top.label !== BACKGROUND && top.label !== UNKNOWN && top.score >= HISTORY_MIN_SCORE) {
      void store.addHistory(this.db, { at: Date.now(), label: top.label, score: top.score, model: model.name }).catch((error: unknown) => console.warn('InPage speech: could not store history', error));
    }
    return scores;
  }

  vocabulary(guest = false): Vocabulary {
    if (guest) return { model: 'base', name: this.base.name, words: this.base.words, customAvailable: false, typed: [] };
    const model = this.model;
    return { model: this.active === 'custom' && this.custom ? 'custom' : 'base', name: model.name, words: model.words, customAvailable: !!this.custom, typed: this.typed };
  }

  async addWord(word: string): Promise<TypedWord> {
    const typed = await addTypedWord(this.db, await this.pronouncerInUse(), word);
    this.typed = [...this.typed.filter((t) => t.word !== typed.word), typed];
    this.vocabularyChanged();
    return typed;
  }

  /** The decoder for the model's words and the typed ones, made on first use after they change. */
  private spotterInUse(): Promise<WordSpotter> {
    return (this.spotter ??= (async () => {
      const sphinx = await this.sphinx();
      const words = [...this.model.words, ...this.typed.map((t) => t.word)];
      return WordSpotter.create(sphinx, await this.pronouncerInUse(), [...new Set(words)]);
    })().catch((error: unknown) => {
      this.spotter = undefined;
      throw error;
    }));
  }

  private pronouncerInUse(): Promise<Pronouncer> {
    return (this.pronouncer ??= this.sphinx().then((sphinx) => new Pronouncer(() => sphinx.dictionary())));
  }

  private vocabularyChanged(): void {
    const old = this.spotter;
    this.spotter = undefined;
    void old?.then((s) => s.free()).catch(() => undefined);
  }

  async addExample(word: string, audio: Samples): Promise<ExampleCounts> {
    const counts = await store.countExamples(this.db);
    store.checkWordRoom(counts, word);
    if ((counts[word] ?? 0) >= store.MAX_EXAMPLES_PER_WORD) {
      throw new InPageError('TOO_LARGE', `"${word}" already has ${store.MAX_EXAMPLES_PER_WORD} examples, which is plenty; remove some first.`, 'speech');
    }
    await store.addExample(this.db, { word, spectrogram: commandFeatures(audio.samples, audio.sampleRate), at: Date.now() });
    return { ...counts, [word]: (counts[word] ?? 0) + 1 };
  }

  examples(): Promise<ExampleCounts> {
    return store.countExamples(this.db);
  }

  async removeWord(word: string): Promise<ExampleCounts> {
    if (await removeTypedWord(this.db, word)) {
      this.typed = this.typed.filter((t) => t.word !== word.trim().toLowerCase());
      this.vocabularyChanged();
    }
    await store.removeWord(this.db, word);
    return store.countExamples(this.db);
  }

  async train(epochs: number, request: RequestContext): Promise<TrainResult> {
    const result = await trainCustom(this.base, await store.allExamples(this.db), epochs, request);
    const model = await customModel(result.model);
    await store.writeCustomModel(this.db, result.model);
    this.custom = model;
    await this.use('custom');
    return { words: model.words, epochs: result.epochs };
  }

  async use(which: 'base' | 'custom'): Promise<Vocabulary> {
    if (which === 'custom' && !this.custom) throw new InPageError('INVALID_INPUT', 'There is no custom-word model yet: record examples and train first, or import one.', 'speech');
    this.active = which;
    this.vocabularyChanged();
    await writeSetting(this.db, 'activeModel', which);
    return this.vocabulary();
  }

  async exportCustom(): Promise<Blob> {
    const stored = await store.readCustomModel(this.db);
    if (!stored) throw new InPageError('INVALID_INPUT', 'There is no custom-word model to export: train one first.', 'speech');
    return writeCustomFile(stored, await store.allExamples(this.db));
  }

  async importCustom(file: Blob): Promise<Vocabulary> {
    const { model: stored, examples } = await readCustomFile(file);
    const model = await customModel(stored);
    await store.replaceCustomWords(this.db, stored, examples);
    this.custom = model;
    return this.use('custom');
  }
}

function customModel(stored: store.StoredCustomModel): Promise<CommandModel> {
  const artifacts = { modelTopology: stored.modelTopology, weightSpecs: stored.weightSpecs as tf.io.WeightsManifestEntry[], weightData: stored.weightData };
  return fromArtifacts(`custom: ${stored.words.filter((w) => w !== BACKGROUND).join(', ')}`, artifacts, stored.words);
}
