// `npm run build:lib`: the npm library in lib/ — ESM, .d.ts types, workers and WASM as files beside the code,
// and the package.json that `npm pack lib` publishes (the root package.json stays the app's).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, run } from './setup.mjs';

const lib = join(root, 'lib');
run('npx vite build -c vite.lib.config.ts --logLevel warn');
run('npx tsc -p tsconfig.lib.json');

// Vite writes a worker URL for a relative base as new URL(new URL("assets/w.js", import.meta.url).href, ...),
// which app bundlers do not recognise as a worker. Write it the way Vite and webpack both bundle and copy:
// new Worker(new URL("./assets/w.js", import.meta.url)).
const workerUrl = /new URL\(\s*(?:\/\* @vite-ignore \*\/\s*)?new URL\("((?:\.\.\/)?assets\/[^"]+\.js)", import\.meta\.url\)\.href,\s*"" \+ import\.meta\.url\s*\)/g;
// A worker may load chunks of its own (assets/*.js too), so the check is that no worker URL is left unrewritten.
const unrewritten = /\.href,\s*"" \+ import\.meta\.url/;
let workers = 0;
for (const dir of [lib, join(lib, 'chunks')]) {
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.js'))) {
    const file = join(dir, name);
    const code = readFileSync(file, 'utf8');
    const fixed = code.replace(workerUrl, (_, path) => ((workers += 1), `new URL(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)}, import.meta.url)`));
    if (unrewritten.test(fixed)) throw new Error(`build:lib: ${name} still has a worker URL the pattern missed; the pattern needs updating.`);
    if (fixed !== code) writeFileSync(file, fixed);
  }
}
if (!workers) throw new Error('build:lib: found no worker URL to rewrite; the pattern needs updating.');

const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const types = (entry) => `./types/${entry}.d.ts`;
const manifest = {
  name: app.name,
  version: app.version,
  description: app.description,
  type: 'module',
  license: app.license,
  exports: {
    '.': { types: types('src/client/index'), import: './index.js' },
    './elements': { types: types('src/embed/elements/index'), import: './elements.js' },
    './react': { types: types('src/client/react/index'), import: './react.js' },
    './package.json': './package.json',
  },
  module: './index.js',
  types: types('src/client/index'),
  // Only the elements entry does something on import (it defines the custom elements).
  sideEffects: ['./elements.js'],
  files: ['*.js', 'chunks', 'assets', 'types', 'README.md'],
  // The workers bundle everything they run; the page-side code shares these with the app.
  dependencies: { zod: app.dependencies.zod, comlink: app.dependencies.comlink },
  // Only inpage-ai/react needs React, and it must be the app's own copy.
  peerDependencies: { react: app.dependencies.react },
  peerDependenciesMeta: { react: { optional: true } },
  engines: app.engines,
};
writeFileSync(join(lib, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  join(lib, 'README.md'),
  `# inpage-ai\n\nAI services in Web Workers on your page.\n\n\`\`\`js\nimport { connect } from 'inpage-ai';\nconst ai = await connect();\nconst labels = await ai.image.classify(file, { topK: 3 });\n\`\`\`\n\n\`import 'inpage-ai/elements'\` defines \`<inpage-image-classifier>\`. Models load from \`/models/\` on your origin (\`connect({ modelBase })\`), then from their public hubs.\n`,
);
console.log(`\nbuild:lib: lib/ holds ${workers} worker(s); pack it with \`npm pack ./lib\`.`);
