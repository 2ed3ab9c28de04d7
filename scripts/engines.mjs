// `node scripts/engines.mjs [chromium|firefox|webkit …]`: the cross-engine suite (part of `npm test`).
// Runs every scenario of tests/engines/scenarios.mjs in Firefox and WebKit, and in Chromium those the
// Playwright suite does not already cover, against the built app in dist/; writes tests/engines/results.json
// and the README's browser table from it, and fails on any unexpected failure. Known failures (with the issue
// that fixes them) and what an engine does not offer are recorded with their reason instead.
// `--only=sdk,offline` runs just those scenarios and writes nothing (for chasing one engine's problem).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAudioSink } from '../tests/engines/audio-sink.mjs';
import { ENGINES } from '../tests/engines/browsers.mjs';
import { NotOffered, SCENARIOS } from '../tests/engines/scenarios.mjs';
import { fixture } from '../tests/fixtures/files.mjs';
import { page, startPartner, startToolkit } from '../tests/engines/servers.mjs';
import { writeBrowserTable } from './browser-table.mjs';
import { root } from './setup.mjs';

const RESULTS = join(root, 'tests/engines/results.json');
/** Ports from INPAGE_TEST_PORT + 20 on, clear of the Playwright suite's and of ports browsers refuse. */
const BASE = Number(process.env.INPAGE_TEST_PORT ?? 4317) + 20;
const PORTS = { toolkit: BASE, partner: BASE + 2, offline: BASE + 3, stranger: BASE + 6, webkitDriver: BASE + 5 };
/** How long one scenario may take unless it says (a first model load on a busy 2-core machine is slow). */
const SCENARIO_LIMIT_MS = 300_000;
/** Where an engine offers no fake capture devices to a test, why (none do so far). */
const NO_FAKE_MEDIA = {};

const args = process.argv.slice(2);
const chosen = args.filter((arg) => !arg.startsWith('--'));
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const unknown = [...chosen.filter((name) => !ENGINES[name]), ...(only ?? []).filter((id) => !SCENARIOS.some((s) => s.id === id))];
if (unknown.length) {
  console.error(`engines: no engine or scenario ${unknown.join(', ')}; engines: ${Object.keys(ENGINES).join(', ')}; scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}.`);
  process.exit(1);
}

const allMails = JSON.parse(fixture('text/spam-ham-sample.json').toString('utf8'));
const mails = [...allMails.filter((m) => m.label === 'spam').slice(0, 6), ...allMails.filter((m) => m.label !== 'spam').slice(0, 6)];

const partnerPage = page(`<title>Partner shop</title>
<style>inpage-image-classifier { --inpage-accent: rgb(200, 0, 0); }</style>
<script type="module" src="http://127.0.0.1:${PORTS.toolkit}/inpage.js"></script>
<script>window.heard = []; for (const type of ['inpage-result', 'inpage-error']) document.addEventListener(type, (e) => window.heard.push({ type, detail: e.detail }));</script>
<h1>Our products</h1><inpage-image-classifier top-k="3"></inpage-image-classifier>`);
const partner = await startPartner(PORTS.partner, {
  '/': page('<title>Partner</title><h1>Partner</h1>'),
  '/shop': partnerPage,
  '/coffee.png': { type: 'image/png', body: fixture('images/coffee.png') },
  '/go.wav': { type: 'audio/wav', body: fixture('audio/go.wav') },
});
const stranger = await startPartner(PORTS.stranger, { '/': page('<title>Stranger</title><h1>Stranger</h1>'), '/coffee.png': { type: 'image/png', body: fixture('images/coffee.png') } });
// The stranger may frame the hub (as in the Playwright suite), so what refuses it is the hub's own allowlist.
process.env.INPAGE_EMBED_FRAME_ORIGINS = stranger.sameSite;
const audio = await startAudioSink();
// Stopped from outside (Ctrl-C, a CI timeout): the sound server goes too (Puppeteer closes its browsers itself).
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => (audio.stop(), process.exit(1)));
const toolkit = await startToolkit(PORTS.toolkit, [partner.sameSite, partner.crossSite]);
const ctx = {
  toolkit: toolkit.origin,
  partner,
  stranger: stranger.sameSite,
  mails,
  penguinRows: fixture('tabular/penguins.csv').toString('utf8').trim().split('\n').length - 1,
  coffee: fixture('images/coffee.png').toString('base64'),
  startOffline: () => startToolkit(PORTS.offline, []),
};

// Engines not run this time keep their last results.
const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
const results = { scenarios: SCENARIOS.map(({ id, title }) => ({ id, title })), engines: { ...previous.engines } };
const counts = { passed: 0, failed: 0, skipped: 0, e2e: 0 };

function withLimit(promise, what, ms) {
  let timer;
  const limit = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function runEngine(key) {
  const spec = ENGINES[key];
  if (!spec.installed()) throw new Error(`${spec.name} is not installed (npm test installs it; see scripts/setup.mjs)`);
  const open = () => spec.open({ media: true, driverPort: PORTS.webkitDriver });
  let session = await open();
  const record = { engine: spec.name, version: session.version, userAgent: session.userAgent, results: {} };
  console.log(`\n${spec.name} ${session.version}`);
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
    // The Playwright suite, which npm test runs first, already covers this in Chromium.
    if (key === 'chromium' && scenario.e2e) {
      record.results[scenario.id] = { status: 'e2e', spec: `tests/e2e/${scenario.e2e}` };
      console.log(`  e2e  ${scenario.title} (tests/e2e/${scenario.e2e})`);
      counts.e2e += 1;
      continue;
    }
    const started = Date.now();
    let outcome;
    try {
      const scenarioCtx = {
        ...ctx,
        fakeMedia: !NO_FAKE_MEDIA[key],
        noFakeMedia: NO_FAKE_MEDIA[key],
        // A second browser of this engine, for a scenario that needs other settings.
        openAnother: (env) => spec.open({ media: true, driverPort: PORTS.webkitDriver + 10, env }),
      };
      const detail = await withLimit(scenario.run(session, scenarioCtx), scenario.id, scenario.limitMs ?? SCENARIO_LIMIT_MS);
      outcome = { status: 'pass', detail };
      counts.passed += 1;
    } catch (error) {
      const known = error instanceof NotOffered ? error.message : scenario.known?.(error, key);
      outcome = { status: known ? 'known' : 'fail', reason: known ?? error.message, error: error.message };
      counts[known ? 'skipped' : 'failed'] += 1;
      // A failed scenario may leave the page hung: the next one gets a fresh browser.
      await session.close().catch(() => undefined);
      session = await open();
    }
    outcome.seconds = Math.round((Date.now() - started) / 1000);
    record.results[scenario.id] = outcome;
    const mark = { pass: 'ok  ', known: 'KNOWN', fail: 'FAIL' }[outcome.status];
    console.log(`  ${mark} ${scenario.title} (${outcome.seconds} s)${outcome.status === 'pass' ? '' : `: ${outcome.error}`}`);
  }
  await session.close();
  results.engines[key] = record;
}

try {
  for (const key of chosen.length ? chosen : Object.keys(ENGINES)) {
    try {
      await runEngine(key);
    } catch (error) {
      console.error(`\n${ENGINES[key].name} could not run: ${error.message}`);
      counts.failed += 1;
    }
  }
} finally {
  audio.stop();
  await Promise.all([toolkit.close(), partner.close(), stranger.close()]);
}
// In the suite's engine order, whichever ran this time.
results.engines = Object.fromEntries(Object.keys(ENGINES).filter((key) => results.engines[key]).map((key) => [key, results.engines[key]]));
if (!only) {
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  writeBrowserTable(results);
}
console.log(`\nengines: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts.e2e} left to the Playwright suite`);
process.exit(counts.failed ? 1 : 0);
