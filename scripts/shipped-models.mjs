// The models that ship with InPage reach every bundle the way its WASM does: as `?url` assets that the
// bundler copies and names. `virtual:inpage-shipped-models` maps each shipped manifest's files to those
// URLs, so the app's dist/, the npm library and any app built with the library carry them with no step.
// Used by vite.config.ts (page and workers) and vite.lib.config.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const ID = 'virtual:inpage-shipped-models';
const RESOLVED = `\0${ID}`;

/** Every manifest in models/ that names a folder it ships from (`ships`), with that folder made absolute. */
export function shippedManifests() {
  const dir = join(root, 'models');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
    .filter((manifest) => typeof manifest.ships === 'string')
    .map((manifest) => ({ ...manifest, folder: resolve(root, manifest.ships) }));
}

function moduleSource() {
  const imports = [];
  const entries = shippedManifests().map((manifest) => {
    const files = manifest.files.map((file) => {
      const name = `file${imports.length}`;
      imports.push(`import ${name} from ${JSON.stringify(`${join(manifest.folder, file.path)}?url&no-inline`)};`);
      return `${JSON.stringify(file.path)}: ${name}`;
    });
    return `  ${JSON.stringify(manifest.id)}: { ${files.join(', ')} },`;
  });
  return `${imports.join('\n')}\nexport default {\n${entries.join('\n')}\n};\n`;
}

/**
 * Output names for assets: model files go to `<dir>/models/`, so the service worker can leave them out of
 * its precache (each service keeps its models in its own database instead). Files with no extension (TF.js
 * shards, PocketSphinx's `mdef`) get `.bin`, so no bundler downstream names one with a trailing dot.
 */
export function assetFileNames(dir) {
  const folders = shippedManifests().map((manifest) => manifest.folder);
  return (asset) => {
    const original = resolve(root, asset.originalFileNames?.[0] ?? '');
    if (!folders.some((folder) => original.startsWith(folder))) return `${dir}/[name]-[hash][extname]`;
    return `${dir}/models/[name]-[hash]${extname(original) ? '[extname]' : '.bin'}`;
  };
}

export function shippedModelsPlugin() {
  return {
    name: 'inpage-shipped-models',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load: (id) => (id === RESOLVED ? moduleSource() : null),
  };
}
