// Writes bench/results.json into the README's performance section (between the bench markers), each
// figure with its target where the issue set one and the conditions of the run that measured it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBlock } from './readme-block.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

export function performanceSection(results) {
  const lines = [];
  for (const [name, { conditions: c, figures }] of Object.entries(results.sections)) {
    if (!figures.length) continue;
    lines.push(`**${name}** (${c.at.slice(0, 16).replace('T', ' ')} UTC, Chromium ${c.chromium}, ${c.cores} cores, load ${c.loadBefore.toFixed(1)} → ${c.loadAfter.toFixed(1)})`, '');
    lines.push('| figure | measured | target |', '|---|---:|---|');
    for (const f of figures) lines.push(`| ${f.name} | ${format(f)} | ${f.target ?? ''} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function format({ value, unit }) {
  if (unit === 'ms') return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`;
  if (unit === 'x') return `${value.toFixed(2)}×`;
  const shown = value !== 0 && Math.abs(value) < 0.001 ? value.toExponential(1) : String(value);
  return `${shown}${unit ? ` ${unit}` : ''}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeBlock('bench', performanceSection(JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8'))));
  console.log('README.md performance section updated from bench/results.json.');
}
