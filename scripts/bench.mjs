// `npm run bench [section…]`: one table per service, measured on the built app in dist/ (run
// `npx vite build` first) in the Chromium at /usr/bin/chromium. Each section is a bench/<name>.mjs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { openBench, results, root } from '../bench/harness.mjs';

const SECTIONS = ['first-answer', 'threads', 'image', 'camera', 'engines', 'custom-classes', 'text', 'speech', 'tabular', 'offline', 'embed'];
const RESULTS = join(root, 'bench/results.json');

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
  const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : { sections: {} };
  for (const name of chosen.length ? chosen : SECTIONS) {
    const section = await import(`../bench/${name}.mjs`);
    // The machine is shared: the load before and after each section is part of its figures' conditions.
    const conditions = { at: new Date().toISOString(), chromium: bench.browser.version(), cores: cpus().length, loadBefore: loadavg()[0] };
    await section.run(bench);
    previous.sections[name] = { conditions: { ...conditions, loadAfter: loadavg()[0] }, figures: results[name] ?? [] };
    // Written after every section, so an interrupted run keeps what it measured.
    writeFileSync(RESULTS, `${JSON.stringify(previous, null, 2)}\n`);
    console.log('');
  }
  console.log(`Figures written to bench/results.json; \`node scripts/bench-readme.mjs\` puts them in the README.`);
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await bench?.close();
}
