/** The README's generated blocks say what their data says: a changed manifest or result must be regenerated. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { performanceSection } from '../../scripts/bench-readme.mjs';
import { browserTable } from '../../scripts/browser-table.mjs';
import { modelsTable } from '../../scripts/models-table.mjs';
import { README, readBlock } from '../../scripts/readme-block.mjs';
import { ABUSE_RESULTS, abuseTable } from '../e2e/abuse/tally';

const readme = readFileSync(README, 'utf8');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the README', () => {
  it('lists the models as models/*.json describe them (node scripts/models-table.mjs)', () => {
    expect(readBlock(readme, 'models')).toBe(modelsTable().trim());
  });

  it('shows the performance figures of bench/results.json (node scripts/bench-readme.mjs)', () => {
    expect(readBlock(readme, 'bench')).toBe(performanceSection(json('bench/results.json')).trim());
  });

  it('shows the browser table of tests/engines/results.json (node scripts/browser-table.mjs)', () => {
    expect(readBlock(readme, 'browser-table')).toBe(browserTable(json('tests/engines/results.json')).trim());
  });

  it("quotes the abuse suite's last full run (tests/e2e/abuse/results.json, which npm test writes)", () => {
    expect(readBlock(readme, 'abuse')).toBe(abuseTable(json(ABUSE_RESULTS)).trim());
  });
});
