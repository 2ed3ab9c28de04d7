// Voice-command accuracy through the SDK (bus + worker), per source: real people's words cut from
// Debian's pocketsphinx-testdata (tests/fixtures/people/, models/speech/cut_real_words.sh), the same
// words as a phone line carries them (band-limited to 300-3,400 Hz, 8 kHz), and the held-out
// synthetic voices the command model never trained on (tests/e2e/audio/heldout/).
/* global window -- used inside page.evaluate */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readWav, root } from './harness.mjs';
import { phoneLine } from '../tests/fixtures/phone-line.mjs';

const PEOPLE = resolve(root, 'tests/fixtures/people');
const HELDOUT = resolve(root, 'tests/e2e/audio/heldout');
const UNKNOWN = '_unknown_';
const BACKGROUND = '_background_noise_';

/** The clips of each source: { source: [{ name, word (UNKNOWN for a word outside the vocabulary), samples, sampleRate }] }. */
export function commandSources() {
  const people = readdirSync(PEOPLE).filter((f) => f.endsWith('.wav')).sort();
  const clip = (dir, file, word) => ({ name: file, word, ...readWav(resolve(dir, file)) });
  const real = (file) => clip(PEOPLE, file, file.includes('-other-') ? UNKNOWN : file.replace(/\.wav$/, '').split('-').pop());
  const bySpeaker = (prefix) => people.filter((f) => f.startsWith(prefix)).map(real);
  const sources = {
    'people: an4 cards (5 speakers)': bySpeaker('an4-'),
    'people: TIDIGITS digit string': bySpeaker('tidigits-'),
    'people: command phrases': [...bySpeaker('goforward-'), ...bySpeaker('something-')],
  };
  sources['people, phone line (8 kHz, 300-3,400 Hz)'] = Object.values(sources).flat().map((c) => ({ ...c, ...phoneLine(c.samples, c.sampleRate) }));
  for (const voice of readdirSync(HELDOUT).sort()) {
    sources[`synthetic held-out: ${voice}`] = readdirSync(resolve(HELDOUT, voice)).sort().map((f) => clip(resolve(HELDOUT, voice), f, f.replace(/\.wav$/, '')));
  }
  return sources;
}

/** Per source: commands named right (of the vocabulary's words), and other words taken for a command. */
export async function commandAccuracy(page) {
  const sources = commandSources();
  const answers = await page.evaluate(async (sources) => {
    const out = {};
    for (const [source, clips] of Object.entries(sources)) {
      out[source] = [];
      for (const c of clips) out[source].push((await window.ai.speech.recognize({ samples: Float32Array.from(c.samples), sampleRate: c.sampleRate }, { topK: 1 }))[0].label);
    }
    return out;
  }, sources);
  return Object.entries(sources).map(([source, clips]) => {
    const heard = answers[source];
    const commands = clips.map((c, i) => [c, heard[i]]).filter(([c]) => c.word !== UNKNOWN);
    const others = clips.map((c, i) => [c, heard[i]]).filter(([c]) => c.word === UNKNOWN);
    return {
      source,
      commands: commands.length,
      right: commands.filter(([c, h]) => h === c.word).length,
      others: others.length,
      takenForCommand: others.filter(([, h]) => h !== UNKNOWN && h !== BACKGROUND).length,
      mistakes: commands.filter(([c, h]) => h !== c.word).map(([c, h]) => `${c.word}→${h}`),
    };
  });
}
