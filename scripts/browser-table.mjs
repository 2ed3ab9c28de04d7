// Writes the README's browser table from tests/engines/results.json (which scripts/engines.mjs writes):
// engine and version, each scenario ✅ or the reason it is not, and the backend each service chose.
// `node scripts/browser-table.mjs` rewrites the table from the last results without running a browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../tests/engines/scenarios.mjs';
import { writeBlock } from './readme-block.mjs';
import { root } from './setup.mjs';

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export function browserTable(results) {
  const engines = Object.values(results.engines);
  const head = `| | ${engines.map((e) => `${e.engine} ${e.version}`).join(' | ')} |`;
  const rule = `|---|${engines.map(() => '---').join('|')}|`;
  const rows = results.scenarios.map(({ id, title }) => {
    const note = SCENARIOS.find((s) => s.id === id)?.note;
    const cells = engines.map((e) => {
      const outcome = e.results[id];
      if (!outcome) return 'not run';
      if (outcome.status === 'pass') return note ? cell(`✅ ${note(outcome.detail)}`) : '✅';
      if (outcome.status === 'e2e') return cell(`✅ in the Playwright suite (${outcome.spec.replace('tests/e2e/', '')})`);
      return cell(`${outcome.status === 'known' ? '⚠️' : '❌'} ${outcome.reason}`);
    });
    return `| ${title} | ${cells.join(' | ')} |`;
  });
  const services = [...new Set(engines.flatMap((e) => Object.keys(e.results.sdk?.detail?.backends ?? {})))];
  const backends = services.map((service) => `| Backend chosen: ${service} | ${engines.map((e) => cell(e.results.sdk?.detail?.backends?.[service] ?? '-')).join(' | ')} |`);
  const agents = `| User agent | ${engines.map((e) => cell(e.userAgent)).join(' | ')} |`;
  return [head, rule, ...rows, ...backends, agents].join('\n');
}

export function writeBrowserTable(results) {
  writeBlock('browser-table', browserTable(results));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeBrowserTable(JSON.parse(readFileSync(join(root, 'tests/engines/results.json'), 'utf8')));
}
