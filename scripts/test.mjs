// `npm test`: install what is missing (Chromium included), then every check, in the order that fails fastest.
import { ensureChromium, ensureEngines, ensurePackages, ensureSpeechModel, run } from './setup.mjs';

ensurePackages();
ensureChromium();
ensureSpeechModel();
const steps = [
  ['typecheck', 'npx tsc --noEmit -p tsconfig.json'],
  ['lint', 'npx eslint . --max-warnings 0'],
  ['unit tests', 'npx vitest run'],
  ['build', 'npx vite build --logLevel warn'],
  ['library and example app', 'node scripts/build-example.mjs'],
  ['end-to-end tests', 'npx playwright test'],
  ['Firefox, WebKit and Chromium', () => (ensureEngines(), run('node scripts/engines.mjs'))],
];
for (const [name, command] of steps) {
  try {
    if (typeof command === 'function') command();
    else run(command);
  } catch {
    console.error(`\nnpm test: ${name} failed.`);
    process.exit(1);
  }
}
console.log('\nnpm test: typecheck, lint, unit, build, end-to-end and the three engines all passed.');
