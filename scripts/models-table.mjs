// The README's Models table, from the manifests in models/: what each model does, its size, license and
// where its bytes come from. `node scripts/models-table.mjs` rewrites it; a unit test keeps it current.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBlock } from './readme-block.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

function manifests() {
  const dir = join(root, 'models');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
    .sort((a, b) => a.service.localeCompare(b.service) || Number(!a.ships) - Number(!b.ships) || a.id.localeCompare(b.id));
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;
const bytesOf = (manifest) => manifest.files.reduce((sum, file) => sum + (file.bytes ?? 0), 0);

function origin(manifest) {
  if (manifest.ships?.startsWith('node_modules/')) return `shipped: npm \`${manifest.ships.split('/').slice(1, 3).join('/')}\``;
  if (manifest.ships) return `shipped: \`${manifest.ships}\``;
  const hub = manifest.sources.find((source) => /^[a-z]+:/i.test(source.base));
  return `mirrored (\`npm run models:fetch\`)${hub ? ` from ${new URL(hub.base).hostname}` : ''}`;
}

export function modelsTable() {
  const all = manifests();
  const shipped = all.filter((m) => m.ships);
  const rows = all.map((m) => `| \`${m.id}\` | ${m.service} | ${m.task} | ${m.ships ? megabytes(bytesOf(m)) : '-'} | ${m.license.split(' (')[0]} | ${origin(m)} |`);
  const total = shipped.reduce((sum, m) => sum + bytesOf(m), 0);
  const fromNpm = shipped.filter((m) => m.ships.startsWith('node_modules/')).reduce((sum, m) => sum + bytesOf(m), 0);
  return [
    '| id | service | task | bytes | license | comes from |',
    '|---|---|---|---:|---|---|',
    ...rows,
    '',
    `The shipped models add ${megabytes(total)} to every build (${megabytes(total - fromNpm)} committed under \`models/\`, ${megabytes(fromNpm)} installed by \`npm ci\`).`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeBlock('models', modelsTable());
  console.log('README.md Models table updated from models/*.json.');
}
