// `npm run models:fetch`: download every manifest's files from its public source into public/models/,
// the self-hosted mirror, so the app serves its own models (and works where the hubs are blocked).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const mirror = resolve(here, '../public/models');
const only = process.argv.slice(2);

const manifests = readdirSync(here)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(here, name), 'utf8')))
  .filter((manifest) => only.length === 0 || only.includes(manifest.id));

let failed = 0;
for (const manifest of manifests) {
  const local = manifest.sources.find((source) => !/^[a-z]+:/i.test(source.base));
  const remote = manifest.sources.filter((source) => /^https?:/i.test(source.base));
  if (!local) {
    console.log(`${manifest.id}: no self-hosted path in its manifest, skipped`);
    continue;
  }
  if (manifest.options?.fetch) {
    // A model Debian packages (PocketSphinx's en-us): its own script downloads and unpacks the package.
    try {
      execFileSync('sh', [resolve(here, '..', manifest.options.fetch)], { stdio: 'inherit' });
    } catch {
      failed += 1;
    }
    continue;
  }
  if (!remote.length) {
    console.log(`${manifest.id}: built by this project (models/${local.base}), served from there`);
    continue;
  }
  const folder = join(mirror, local.base);
  try {
    await fetchInto(manifest, remote, folder);
  } catch (error) {
    failed += 1;
    console.error(`${manifest.id}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);

async function fetchInto(manifest, sources, folder) {
  if (sources.length === 0) throw new Error('no public source: copy its files into ' + folder + ' by hand');
  const problems = [];
  for (const source of sources) {
    try {
      const files = await download(manifest, source);
      mkdirSync(folder, { recursive: true });
      for (const [path, bytes] of files) {
        mkdirSync(dirname(join(folder, path)), { recursive: true });
        writeFileSync(join(folder, path), bytes);
      }
      const total = [...files.values()].reduce((sum, b) => sum + b.length, 0);
      console.log(`${manifest.id}: ${files.size} files, ${(total / 1e6).toFixed(1)} MB from ${source.base} -> ${folder}`);
      return;
    } catch (error) {
      problems.push(`${source.base}: ${error.message}`);
    }
  }
  throw new Error(`could not download (${problems.join('; ')})`);
}

async function download(manifest, source) {
  const known = new Map(manifest.files.map((file) => [file.path, file]));
  const queue = manifest.files.map((file) => file.path);
  const files = new Map();
  while (queue.length) {
    const path = queue.shift();
    if (files.has(path)) continue;
    const url = new URL(path, source.base).href + (source.query ?? '');
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const expected = known.get(path)?.sha256;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (expected && expected !== actual) throw new Error(`${path}: sha256 ${actual}, manifest says ${expected}`);
    files.set(path, bytes);
    // Unpinned files get their hash printed: copy it into the manifest (with `bytes`) to let the app take the file from the hub.
    process.stdout.write(`  ${manifest.id}/${path} ${(bytes.length / 1e3).toFixed(0)} kB${expected ? '' : ` unpinned: "bytes": ${bytes.length}, "sha256": "${actual}"`}\n`);
    // A TF.js model.json names its weight shards.
    if (path.endsWith('model.json')) {
      const json = JSON.parse(bytes.toString('utf8'));
      for (const group of json.weightsManifest ?? []) queue.push(...group.paths.map((p) => join(dirname(path), p)));
    }
  }
  return files;
}
