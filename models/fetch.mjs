// `npm run models:fetch [id …]`: the operator's tool, run where the hubs answer. It mirrors each hub
// model's files into public/models/ (the deployment's own mirror) and records what it saw in the lock
// (models.lock.json at the top of the mirror), which the loader then enforces. A model's files are written only once every
// one is checked: a pinned hash that does not match, a path outside the model's folder, or a file the
// manifest does not name refuses the whole model.
//   --manifests <dir>  where the manifests are (default models/)
//   --mirror <dir>     the mirror to fill (default public/models/)
//   --lock <file>      the lock to read and write (default: models.lock.json in the mirror)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importTs } from './ts-module.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: flags, positionals: only } = parseArgs({
  allowPositionals: true,
  options: { manifests: { type: 'string' }, mirror: { type: 'string' }, lock: { type: 'string' } },
});
const manifestDir = resolve(flags.manifests ?? here);
const mirror = resolve(flags.mirror ?? join(here, '../public/models'));
const lockFile = resolve(flags.lock ?? join(mirror, 'models.lock.json'));

// The same rules the browser's loader applies, from the code it runs.
const { parseManifest } = await importTs(join(here, '../src/runtime/models/manifest.ts'));
const { badModelPath } = await importTs(join(here, '../src/runtime/models/model-paths.ts'));

const isHub = (source) => /^[a-z][a-z0-9+.-]*:/i.test(source.base);
const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : {};

const manifests = readdirSync(manifestDir)
  .filter((name) => name.endsWith('.json') && name !== 'models.lock.json')
  .map((name) => parseManifest(JSON.parse(readFileSync(join(manifestDir, name), 'utf8'))))
  .filter((manifest) => only.length === 0 || only.includes(manifest.id));

let failed = 0;
for (const manifest of manifests) {
  const local = manifest.sources.find((source) => !isHub(source));
  const hubs = manifest.sources.filter(isHub);
  if (!hubs.length) {
    console.log(`${manifest.id}: the project's own (served from ${local?.base ?? 'its folder'}), nothing to fetch`);
    continue;
  }
  if (!local) {
    console.error(`${manifest.id}: no mirror path (a relative source) in its manifest, so nowhere to put its files`);
    failed += 1;
    continue;
  }
  try {
    const { files, source, revision } = await fromFirstHub(manifest, hubs);
    const folder = resolve(mirror, local.base);
    for (const [path, bytes] of files) {
      const target = resolve(folder, path);
      // Checked again where it is written: nothing lands outside the model's folder.
      if (relative(folder, target).startsWith('..') || !target.startsWith(folder + sep)) throw new Error(`refused: ${path} would be written outside ${folder}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    lock[manifest.id] = lockEntry(manifest, files, source, revision);
    const total = [...files.values()].reduce((sum, b) => sum + b.length, 0);
    console.log(`${manifest.id}: ${files.size} files, ${(total / 1e6).toFixed(1)} MB from ${source.base} -> ${folder}`);
    if (revision && !source.revision) console.log(`  the hub served commit ${revision}: with it in the manifest's URL and "revision", browsers may fetch the locked files from the hub too`);
  } catch (error) {
    failed += 1;
    console.error(`${manifest.id}: ${error.message}`);
  }
}
const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
mkdirSync(dirname(lockFile), { recursive: true });
writeFileSync(lockFile, `${JSON.stringify(sorted, null, 2)}\n`);
process.exit(failed ? 1 : 0);

async function fromFirstHub(manifest, sources) {
  const problems = [];
  for (const source of sources) {
    try {
      return { source, ...(await download(manifest, source)) };
    } catch (error) {
      problems.push(`${source.base}: ${error.message}`);
    }
  }
  throw new Error(`not mirrored (${problems.join('; ')})`);
}

/** The hashes a file must have: the manifest's, else the lock's from an earlier fetch. */
function expectedHashes(manifest) {
  const locked = lock[manifest.id]?.files ?? {};
  const hashes = new Map(Object.entries(locked).map(([path, file]) => [path, file.sha256]));
  for (const file of manifest.files) if (file.sha256) hashes.set(file.path, file.sha256);
  return hashes;
}

async function download(manifest, source) {
  const expected = expectedHashes(manifest);
  const named = new Set([...manifest.files.map((file) => file.path), ...Object.keys(lock[manifest.id]?.files ?? {})]);
  // A manifest that lists only its JSON files leaves the weight shards to model.json, on the first fetch; after
  // that (or where the manifest lists shards itself) model.json may name nothing more.
  const delegates = !lock[manifest.id] && manifest.files.every((file) => file.path.endsWith('.json'));
  const queue = manifest.files.map((file) => file.path);
  const files = new Map();
  let revision = source.revision;
  while (queue.length) {
    const path = queue.shift();
    if (files.has(path)) continue;
    const bad = badModelPath(path);
    if (bad) throw new Error(`refused: ${bad}`);
    if (!named.has(path) && !delegates) throw new Error(`refused: ${path} is not a file the manifest (or the lock) names`);
    const response = await fetch(new URL(path, source.base).href + (source.query ?? ''));
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${path}`);
    if ((response.headers.get('content-type') ?? '').includes('text/html')) throw new Error(`${path} is an HTML page, not a model file`);
    revision ??= response.headers.get('x-repo-commit') ?? undefined;
    const bytes = Buffer.from(await response.arrayBuffer());
    const actual = createHash('sha256').update(bytes).digest('hex');
    const want = expected.get(path);
    if (want && want !== actual) throw new Error(`${path}: sha256 ${actual}, but ${manifest.files.some((f) => f.path === path && f.sha256) ? 'the manifest' : 'the lock'} says ${want}`);
    files.set(path, bytes);
    console.log(`  ${manifest.id}/${path} ${(bytes.length / 1e3).toFixed(0)} kB${want ? ' verified' : ` locked at sha256 ${actual}`}`);
    if (path.endsWith('model.json')) {
      for (const group of JSON.parse(bytes.toString('utf8')).weightsManifest ?? []) {
        for (const shard of group.paths) {
          const reason = badModelPath(shard);
          if (reason) throw new Error(`refused: model.json names ${reason}`);
          queue.push(posix.join(posix.dirname(path), shard));
        }
      }
    }
  }
  return { files, revision };
}

/** What the lock keeps: where the files came from, and a hash for each the manifest does not pin. */
function lockEntry(manifest, files, source, revision) {
  const pinned = new Set(manifest.files.filter((file) => file.sha256).map((file) => file.path));
  const entry = { source: source.base, ...(revision && { revision }), files: {} };
  for (const [path, bytes] of files) {
    if (!pinned.has(path)) entry.files[path] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  return entry;
}
