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
  ['end-to-end tests', 'npx playwright test'],
  ['Firefox, WebKit and Chromium', 'node scripts/engines.mjs'],
];
for (const [name, command] of steps) {
  try {
    run(command);
  } catch {
    console.error(`\nnpm test: ${name} failed.`);
    process.exit(1);
  }
}
console.log('\nnpm test: typecheck, lint, unit, build, end-to-end and the three engines all passed.');
