/**
 * Voice commands heard by PocketSphinx, whose acoustic model was trained on real people: a JSGF grammar
 * lets any run of the command words and of common English words ("other words") fill a clip. A command
 * is heard only where it beats every other word to explain the sound, so a word outside the vocabulary
 * comes out as other words instead of the nearest command.
 */
import type { Pronouncer } from './pronounce';
import type { Sphinx, SphinxDecoder } from './sphinx';

/** Common short English words that compete with the commands; any that sounds like a command is left out. */
const OTHER_WORDS = (
  'the of and a in is it you that he was on are with as i his they be at have this from or had by hot word ' +
  'but what some we can out other were all there when your how said an each she which do their time if will ' +
  'way about many then them would like so these her long make thing see him has look more day could come did ' +
  'number sound most people my over water than call first who may side been now find'
).split(' ');

/**
 * PocketSphinx's default (0.65) lets a run of short other words ("of an a") explain one longer command;
 * a clip holds one word, so each extra word costs more. Chosen on the bench's real voices (docs/speech.md).
 */
const WORD_INSERTION_PENALTY = 1e-3;

export class WordSpotter {
  private constructor(
    private readonly decoder: SphinxDecoder,
    /** Each command's words, as the grammar spells them. */
    private readonly commands: Map<string, string[]>,
  ) {}

  /** A spotter for `commands` (words or short phrases); the ones it cannot pronounce are left out. */
  static create(sphinx: Sphinx, pronouncer: Pronouncer, commands: string[]): WordSpotter {
    const phrases = new Map(commands.map((c) => [c, tokens(c)] as const).filter(([, words]) => words.length > 0));
    const dictionary = new Map<string, string[]>();
    for (const word of new Set([...phrases.values()].flat())) {
      const { variants } = pronouncer.pronounce(word);
      if (variants.length) dictionary.set(word, variants);
    }
    for (const [command, words] of phrases) if (!words.every((w) => dictionary.has(w))) phrases.delete(command);
    const commandSounds = new Set([...dictionary.values()].flat());
    const others = OTHER_WORDS.filter((w) => !dictionary.has(w)).filter((w) => {
      const { variants } = pronouncer.pronounce(w);
      if (variants.some((v) => commandSounds.has(v))) return false;
      dictionary.set(w, variants);
      return true;
    });
    const alternatives = [...[...phrases.values()].map((words) => words.join(' ')), ...others];
    const grammar = `#JSGF V1.0;\ngrammar commands;\npublic <clip> = <part>+;\n<part> = ${alternatives.join(' | ')};\n`;
    const lines = [...dictionary].flatMap(([word, variants]) => variants.map((phones, i) => `${i ? `${word}(${i + 1})` : word} ${phones}`));
    return new WordSpotter(sphinx.grammarDecoder(grammar, `${lines.join('\n')}\n`, `-wip ${WORD_INSERTION_PENALTY}`), phrases);
  }

  /** The commands this spotter can hear. */
  get words(): string[] {
    return [...this.commands.keys()];
  }

  /** The first command heard in 16 kHz samples, or undefined when only other words (or nothing) were. */
  hear(samples: Float32Array): string | undefined {
    const heard = tokens(this.decoder.utterance(samples).text);
    for (let at = 0; at < heard.length; at += 1) {
      for (const [command, words] of this.commands) {
        if (words.every((w, i) => heard[at + i] === w)) return command;
      }
    }
    return undefined;
  }

  free(): void {
    this.decoder.free();
  }
}

function tokens(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((w) => /^[a-z']+$/.test(w));
}
