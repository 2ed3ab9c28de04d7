// Builds examples/hello the way an outside app would get the library: `npm pack` of lib/, installed from the
// tarball into the example, then type-checked and built by Vite with no configuration of its own.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, run } from './setup.mjs';

const example = join(root, 'examples/hello');
const packs = join(example, '.pack');
run('node scripts/build-lib.mjs');
rmSync(packs, { recursive: true, force: true });
mkdirSync(packs);
run(`npm pack ./lib --pack-destination ${packs} --silent`);
const [tarball] = readdirSync(packs).filter((file) => file.endsWith('.tgz'));
if (!tarball) throw new Error('npm pack wrote no tarball');
rmSync(join(example, 'node_modules'), { recursive: true, force: true });
// Its dependencies (zod, comlink) come from npm's cache when the project's own install put them there.
run(`npm install --prefix ${example} --no-save --no-package-lock --prefer-offline --no-audit --no-fund ${join(packs, tarball)}`);
// The example's types come only from the installed package (skipLibCheck off: the .d.ts must hold up).
run(`npx tsc -p ${join(example, 'tsconfig.json')}`);
run(`npx vite build ${example} --logLevel warn`);
console.log('\nexample: examples/hello/dist built against the packed library.');
