/**
 * A pronunciation for a word the CMU dictionary lacks (a name, a made-up word): English spelling rules,
 * longest letter group first, into the ARPAbet phones the en-us acoustic model knows. Rough, but a typed
 * word only has to sound more like itself than like the other words it competes with.
 */

/** Letter groups and their phones; earlier entries win at the same length. */
const RULES: [string, string][] = [
  ['tion', 'SH AH N'], ['sion', 'ZH AH N'], ['ough', 'AO'], ['augh', 'AO'], ['eigh', 'EY'], ['igh', 'AY'],
  ['tch', 'CH'], ['dge', 'JH'], ['sch', 'S K'], ['qu', 'K W'], ['ch', 'CH'], ['sh', 'SH'], ['th', 'TH'],
  ['ph', 'F'], ['wh', 'W'], ['ck', 'K'], ['ng', 'NG'], ['kn', 'N'], ['wr', 'R'], ['gh', 'G'],
  ['ee', 'IY'], ['ea', 'IY'], ['oo', 'UW'], ['ou', 'AW'], ['ow', 'OW'], ['oi', 'OY'], ['oy', 'OY'],
  ['ai', 'EY'], ['ay', 'EY'], ['au', 'AO'], ['aw', 'AO'], ['ey', 'IY'], ['ie', 'IY'], ['oa', 'OW'],
  ['ue', 'UW'], ['ew', 'UW'], ['ar', 'AA R'], ['er', 'ER'], ['ir', 'ER'], ['ur', 'ER'], ['or', 'AO R'],
  ['a', 'AE'], ['b', 'B'], ['c', 'K'], ['d', 'D'], ['e', 'EH'], ['f', 'F'], ['g', 'G'], ['h', 'HH'],
  ['i', 'IH'], ['j', 'JH'], ['k', 'K'], ['l', 'L'], ['m', 'M'], ['n', 'N'], ['o', 'AA'], ['p', 'P'],
  ['q', 'K'], ['r', 'R'], ['s', 'S'], ['t', 'T'], ['u', 'AH'], ['v', 'V'], ['w', 'W'], ['x', 'K S'],
  ['y', 'IY'], ['z', 'Z'],
];
const LONGEST = Math.max(...RULES.map(([letters]) => letters.length));
const VOWEL_PHONES = new Set(['AE', 'EH', 'IH', 'AA', 'AH']);
/** A short vowel before one consonant and a final silent e is long: "time", "note", "cute". */
const LONG_VOWEL: Record<string, string> = { AE: 'EY', EH: 'IY', IH: 'AY', AA: 'OW', AH: 'UW' };

/** The phones of a word (letters a-z only; anything else is skipped). */
export function spellingToPhones(word: string): string[] {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '');
  const magicE = /[aeiou][^aeiou]e$/.test(letters) && letters.length > 3;
  const spelled = magicE ? letters.slice(0, -1) : letters;
  const groups: string[][] = [];
  for (let at = 0; at < spelled.length; ) {
    let matched = false;
    for (let length = Math.min(LONGEST, spelled.length - at); length > 0 && !matched; length -= 1) {
      const rule = RULES.find(([group]) => group.length === length && spelled.startsWith(group, at));
      if (rule) {
        groups.push(rule[1].split(' '));
        at += length;
        matched = true;
      }
    }
    if (!matched) at += 1;
  }
  if (magicE && groups.length >= 2) {
    const vowel = groups[groups.length - 2]!;
    if (vowel.length === 1 && VOWEL_PHONES.has(vowel[0]!)) vowel[0] = LONG_VOWEL[vowel[0]!]!;
  }
  // Doubled letters ("ll", "ss") are one sound.
  return groups.flat().filter((phone, i, all) => phone !== all[i - 1]);
}
