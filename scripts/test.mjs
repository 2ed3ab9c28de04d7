// `npm test`: install what is missing (the browsers included), then every check, in the order that fails fastest.
import { ensureBrowsers, ensurePackages, run } from './setup.mjs';

ensurePackages();
ensureBrowsers();
const steps = [
  ['typecheck', 'npx tsc --noEmit -p tsconfig.json'],
  ['lint', 'npx eslint . --max-warnings 0'],
  ['unit tests', 'npx vitest run'],
  ['build', 'npx vite build --logLevel warn'],
  ['library and example app', 'node scripts/build-example.mjs'],
  // The whole abuse suite runs here: its summary is kept for the README.
  ['end-to-end tests', 'npx playwright test', { INPAGE_ABUSE_RESULTS: 'write' }],
  ['Firefox, WebKit and Chromium', 'node scripts/engines.mjs'],
];
for (const [name, command, env] of steps) {
  try {
    run(command, env);
  } catch {
    console.error(`\nnpm test: ${name} failed.`);
    process.exit(1);
  }
}
console.log('\nnpm test: typecheck, lint, unit, build, end-to-end and the three engines all passed.');
