/**
 * CMU PocketSphinx in WebAssembly (built from Debian's sources by models/pocketsphinx/build-wasm.sh) with
 * Debian's US English model. The model files come through the runtime's loader (cache, sha256, progress)
 * and are written into the module's in-memory file system; each decoder is one stream of utterances, so
 * a transcription and live captions never share one.
 */
import { InPageError } from '../../src/core/errors';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import createPocketSphinx, { type PocketSphinxModule } from './pocketsphinx/pocketsphinx.mjs';
import wasmUrl from './pocketsphinx/pocketsphinx.wasm?url';
import type { Band } from './band';

/** The rate the en-us acoustic model was trained at. */
export const SPHINX_RATE = 16_000;
/** PocketSphinx reports word times in frames of 10 ms. */
const FRAMES_PER_SECOND = 100;
const MODEL_DIR = '/model';

export interface SphinxWord {
  word: string;
  /** Seconds from the start of the utterance. */
  start: number;
  end: number;
}

export interface SphinxUtterance {
  text: string;
  words: SphinxWord[];
}

export class SphinxDecoder {
  private buffer = 0;
  private capacity = 0;
  private started = false;

  constructor(
    private readonly module: PocketSphinxModule,
    private handle: number,
  ) {}

  /** Decodes 16 kHz samples in [-1, 1], starting an utterance if none is open; `whole`: they are all of it. */
  process(samples: Float32Array, whole = false): void {
    if (!this.started) this.start();
    if (samples.length > this.capacity) {
      this.module._free(this.buffer);
      this.capacity = Math.max(samples.length, SPHINX_RATE);
      this.buffer = this.module._malloc(this.capacity * 2);
    }
    // Read HEAP16 after malloc: a grown memory replaces the view.
    const heap = this.module.HEAP16;
    const at = this.buffer >> 1;
    for (let i = 0; i < samples.length; i += 1) heap[at + i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767)));
    if (this.module._inpage_ps_process(this.handle, this.buffer, samples.length, whole ? 1 : 0) < 0) throw failure('could not decode the audio');
  }

  /** Whether the decoder's voice activity detector hears speech in the last block. */
  inSpeech(): boolean {
    return this.module._inpage_ps_in_speech(this.handle) !== 0;
  }

  /** The best guess so far in the open utterance. */
  partial(): string {
    return this.started ? this.module.UTF8ToString(this.module._inpage_ps_hypothesis(this.handle)) : '';
  }

  /** Closes the utterance: its final words, with their times. */
  end(): SphinxUtterance {
    if (!this.started) return { text: '', words: [] };
    this.started = false;
    if (this.module._inpage_ps_end(this.handle) < 0) throw failure('could not end the utterance');
    const text = this.module.UTF8ToString(this.module._inpage_ps_hypothesis(this.handle)).trim();
    return { text, words: parseWords(this.module.UTF8ToString(this.module._inpage_ps_words(this.handle))) };
  }

  /** Decodes a whole clip as one utterance: its loudness is normalised over all of it, as in batch decoding. */
  utterance(samples: Float32Array): SphinxUtterance {
    this.end();
    this.process(samples, true);
    return this.end();
  }

  free(): void {
    if (!this.handle) return;
    this.module._inpage_ps_free(this.handle);
    this.module._free(this.buffer);
    this.handle = 0;
    this.buffer = 0;
  }

  private start(): void {
    if (this.module._inpage_ps_start(this.handle) < 0) throw failure('could not start an utterance');
    this.started = true;
  }
}

/** The WebAssembly module with one model's files in place; makes decoders on it. */
export class Sphinx {
  private grammars = 0;

  private constructor(
    private readonly module: PocketSphinxModule,
    /** The acoustic model and sample rate: what every decoder shares. */
    private readonly acoustic: string,
    /** The language model, dictionary and the manifest's options for each band: what transcription adds. */
    private readonly language: Record<Band, string>,
    private readonly dictionaryPath: string,
  ) {}

  static async load(manifest: ModelManifest, files: Map<string, ArrayBuffer>): Promise<Sphinx> {
    const module = await createPocketSphinx({ locateFile: () => wasmUrl, print: () => undefined, printErr: () => undefined });
    for (const [path, bytes] of files) {
      const file = `${MODEL_DIR}/${path}`;
      module.FS.mkdirTree(file.slice(0, file.lastIndexOf('/')));
      module.FS.writeFile(file, new Uint8Array(bytes));
    }
    const options = (manifest.options ?? {}) as { hmm?: string; lm?: string; dict?: string; args?: string; telephoneArgs?: string };
    const { hmm, lm, dict, args = '', telephoneArgs = args } = options;
    if (!hmm || !lm || !dict) throw new InPageError('INVALID_INPUT', `The manifest "${manifest.id}" names no hmm, lm and dict.`, 'speech');
    const language = `-lm ${MODEL_DIR}/${lm} -dict ${MODEL_DIR}/${dict}`;
    return new Sphinx(module, `-hmm ${MODEL_DIR}/${hmm} -samprate ${SPHINX_RATE}`, { wide: `${language} ${args}`, telephone: `${language} ${telephoneArgs}` }, `${MODEL_DIR}/${dict}`);
  }

  /**
   * A new decoder with the language model and the manifest's options for the band it will hear (`args`, or
   * `telephoneArgs` for a telephone's band); `args` here adds to them (e.g. `-remove_silence no`).
   */
  decoder(args = '', band: Band = 'wide'): SphinxDecoder {
    return this.open(`${this.acoustic} ${this.language[band]} ${args}`);
  }

  /** A decoder that hears only what a JSGF grammar allows, its words pronounced by `dictionary` (CMU format); `args` adds options. */
  grammarDecoder(grammar: string, dictionary: string, args = ''): SphinxDecoder {
    this.grammars += 1;
    const base = `/grammar/${this.grammars}`;
    this.module.FS.mkdirTree('/grammar');
    this.module.FS.writeFile(`${base}.gram`, grammar);
    this.module.FS.writeFile(`${base}.dict`, dictionary);
    try {
      return this.open(`${this.acoustic} -jsgf ${base}.gram -dict ${base}.dict ${args}`);
    } finally {
      // The decoder has read both files: they need not stay in memory.
      this.module.FS.unlink(`${base}.gram`);
      this.module.FS.unlink(`${base}.dict`);
    }
  }

  /** The text of the model's pronunciation dictionary. */
  dictionary(): string {
    return this.module.FS.readFile(this.dictionaryPath, { encoding: 'utf8' });
  }

  private open(options: string): SphinxDecoder {
    const handle = this.module.ccall('inpage_ps_init', 'number', ['string'], [options]) as number;
    if (!handle) throw failure('could not load its model files (acoustic model, language model, dictionary or grammar)');
    return new SphinxDecoder(this.module, handle);
  }
}

/** "word start end" lines → spoken words in seconds; fillers (<s>, </s>, <sil>, [NOISE]) and pronunciation variants' "(2)" dropped. */
function parseWords(lines: string): SphinxWord[] {
  const words: SphinxWord[] = [];
  for (const line of lines.split('\n')) {
    const [raw, start, end] = line.split(' ');
    if (!raw || raw.startsWith('<') || raw.startsWith('[') || raw.startsWith('+')) continue;
    words.push({ word: raw.replace(/\(\d+\)$/, ''), start: Number(start) / FRAMES_PER_SECOND, end: (Number(end) + 1) / FRAMES_PER_SECOND });
  }
  return words;
}

function failure(what: string): InPageError {
  return new InPageError('INTERNAL', `PocketSphinx ${what}.`, 'speech');
}
