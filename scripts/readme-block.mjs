// The README's generated blocks: text between `<!-- NAME:start … -->` and `<!-- NAME:end -->` that a
// script writes from data (bench results, the engines' results, the model manifests), never by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const README = join(resolve(fileURLToPath(import.meta.url), '../..'), 'README.md');

/** The text of block `name` in `readme` (without its markers), or undefined where the README has none. */
export function readBlock(readme, name) {
  const from = readme.indexOf(`<!-- ${name}:start`);
  const to = readme.indexOf(`<!-- ${name}:end -->`);
  if (from < 0 || to < from) return undefined;
  return readme.slice(readme.indexOf('-->', from) + 3, to).trim();
}

/** Replaces block `name` of README.md with `body`. */
export function writeBlock(name, body) {
  const readme = readFileSync(README, 'utf8');
  const from = readme.indexOf(`<!-- ${name}:start`);
  const to = readme.indexOf(`<!-- ${name}:end -->`);
  if (from < 0 || to < from) throw new Error(`README.md has no ${name} markers (<!-- ${name}:start … --> … <!-- ${name}:end -->).`);
  const opening = readme.indexOf('-->', from) + 3;
  writeFileSync(README, `${readme.slice(0, opening)}\n\n${body.trim()}\n\n${readme.slice(to)}`);
}
