// Lets a build script run the worker's own TypeScript (features, mail reading, head scoring), so what a
// model is trained on is computed by the code the browser runs. Bundled with rolldown (Vite's bundler).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

export async function importTs(path) {
  const dir = mkdtempSync(join(tmpdir(), 'inpage-ts-'));
  const file = join(dir, 'module.mjs');
  try {
    await build({ input: resolve(path), output: { file, format: 'esm' }, logLevel: 'silent' });
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
