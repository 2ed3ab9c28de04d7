/**
 * The standing abuse suite's tally: every abuse spec (abuse-*.spec.ts) records each hostile case it tried
 * here, and the run ends with one summary (global-teardown.ts); `npm test` keeps it in results.json, which
 * the README quotes. A case is
 * `answered` (a real answer), `typed` (an InPageError with a code), `untyped` (anything else thrown) or
 * `hang` (no answer within its limit). `lost` counts stored records gone that should not be; `scripts`
 * counts hostile scripts that ran.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Outcome = 'answered' | 'typed' | 'untyped' | 'hang';

export interface CaseResult {
  suite: string;
  name: string;
  outcome: Outcome;
  code?: string;
  lost?: number;
  scripts?: number;
}

export interface Summary {
  cases: number;
  answered: number;
  typed: number;
  untyped: number;
  hangs: number;
  lost: number;
  scripts: number;
  codes: Record<string, number>;
}

/** One folder per test server port, so parallel checkouts on one machine do not mix their tallies. */
export const TALLY_DIR = join(tmpdir(), `inpage-abuse-${process.env.INPAGE_TEST_PORT ?? 4317}`);

export function resetTally(): void {
  rmSync(TALLY_DIR, { recursive: true, force: true });
}

export function record(...results: CaseResult[]): void {
  mkdirSync(TALLY_DIR, { recursive: true });
  appendFileSync(join(TALLY_DIR, `${process.pid}.jsonl`), results.map((r) => JSON.stringify(r) + '\n').join(''));
}

export function readTally(): CaseResult[] {
  if (!existsSync(TALLY_DIR)) return [];
  return readdirSync(TALLY_DIR).flatMap((file) =>
    readFileSync(join(TALLY_DIR, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CaseResult),
  );
}

export function summarize(results: CaseResult[]): Summary {
  const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
  const codes: Record<string, number> = {};
  for (const r of results) if (r.code) codes[r.code] = (codes[r.code] ?? 0) + 1;
  return {
    cases: results.length,
    answered: count('answered'),
    typed: count('typed'),
    untyped: count('untyped'),
    hangs: count('hang'),
    lost: results.reduce((sum, r) => sum + (r.lost ?? 0), 0),
    scripts: results.reduce((sum, r) => sum + (r.scripts ?? 0), 0),
    codes,
  };
}

export function formatSummary(results: CaseResult[]): string {
  const s = summarize(results);
  const suites = [...new Set(results.map((r) => r.suite))];
  const lines = [
    `Abuse suite: ${s.cases} cases tried (${suites.join(', ')})`,
    `  typed errors ${s.typed}, answered ${s.answered}, untyped errors ${s.untyped}, hangs ${s.hangs}, data lost ${s.lost}, scripts run ${s.scripts}`,
    `  codes: ${Object.entries(s.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ')}`,
  ];
  for (const r of results.filter((r) => r.outcome === 'untyped' || r.outcome === 'hang' || r.lost || r.scripts)) {
    lines.push(`  ! ${r.suite} / ${r.name}: ${r.outcome}${r.code ? ` ${r.code}` : ''}${r.lost ? `, ${r.lost} lost` : ''}${r.scripts ? `, ${r.scripts} scripts` : ''}`);
  }
  return lines.join('\n');
}

/** The last full run's summary (`npm test` writes it), which the README's abuse block quotes. */
export const ABUSE_RESULTS = join(import.meta.dirname, 'results.json');

export interface AbuseResults {
  suites: string[];
  summary: Summary;
}

export function abuseResults(results: CaseResult[]): AbuseResults {
  return { suites: [...new Set(results.map((r) => r.suite))], summary: summarize(results) };
}

export function writeAbuseResults(results: AbuseResults): void {
  writeFileSync(ABUSE_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
}

/** The README's abuse block: what was tried, and the never-allowed outcomes beside the allowed ones. */
export function abuseTable({ suites, summary: s }: AbuseResults): string {
  return [
    `${s.cases} hostile cases in ${suites.length} suites (${suites.join(', ')}):`,
    '',
    '| Typed errors | Answered | Untyped errors | Hangs | Data lost | Scripts run |',
    '|---|---|---|---|---|---|',
    `| ${s.typed} | ${s.answered} | ${s.untyped} | ${s.hangs} | ${s.lost} | ${s.scripts} |`,
  ].join('\n');
}
