// `npm run bench [section…]`: one table per service, measured on the built app in dist/ (run
// `npx vite build` first) in the Chromium at /usr/bin/chromium. Each section is a bench/<name>.mjs.
import { cpus } from 'node:os';
import { openBench } from '../bench/harness.mjs';

const SECTIONS = ['image', 'engines', 'custom-classes', 'text', 'speech', 'tabular', 'offline', 'embed'];

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !SECTIONS.includes(name));
if (unknown.length) {
  console.error(`bench: no section ${unknown.join(', ')}; there are ${SECTIONS.join(', ')}.`);
  process.exit(1);
}

let bench;
try {
  bench = await openBench();
  console.log(`InPage bench: Chromium ${bench.browser.version()}, ${cpus().length} CPU cores`);
  console.log('Times in ms, measured in the page with performance.now().\n');
  for (const name of chosen.length ? chosen : SECTIONS) {
    const section = await import(`../bench/${name}.mjs`);
    await section.run(bench);
    console.log('');
  }
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await bench?.close();
}
