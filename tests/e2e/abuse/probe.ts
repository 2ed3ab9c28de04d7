/**
 * Runs hostile calls in the page and classifies how each settled, for the tally. The calls are written
 * as page-side source (strings of a function body over `ai`, `blob(b64, type)` and `bytes(b64)`), so one
 * helper runs them all with the same time limit.
 */
import type { Page } from '@playwright/test';
import type { CaseResult, Outcome } from './tally';

export interface HostileCase {
  name: string;
  /** Page-side body of an async function of (ai, input); `input` is `data` below. */
  call: string;
  /** Sent to the page as is (base64 strings for bytes). */
  data?: unknown;
}

export interface Settled {
  name: string;
  outcome: Outcome;
  code?: string;
  message?: string;
}

/** Every case, one after another, each given `limitMs` to settle before it counts as a hang. */
export async function probe(page: Page, cases: HostileCase[], limitMs = 60_000): Promise<Settled[]> {
  return page.evaluate(
    async ({ cases, limitMs }) => {
      const ai = window.ai;
      const results: Settled[] = [];
      for (const c of cases) {
        const run = new Function('ai', 'input', 'blob', `return (async () => { ${c.call} })();`) as (...args: unknown[]) => Promise<unknown>;
        const blob = (b64: string, type = '') => new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const hang = new Promise<Settled>((resolve) => (timer = setTimeout(() => resolve({ name: c.name, outcome: 'hang' }), limitMs)));
        const settled = run(ai, c.data, blob).then(
          (): Settled => ({ name: c.name, outcome: 'answered' }),
          (error: any): Settled =>
            error?.name === 'InPageError' && typeof error.code === 'string'
              ? { name: c.name, outcome: 'typed', code: error.code, message: String(error.message) }
              : { name: c.name, outcome: 'untyped', message: String(error?.message ?? error) },
        );
        results.push(await Promise.race([settled, hang]));
        clearTimeout(timer);
      }
      return results;
    },
    { cases, limitMs },
  );
}

export const asCases = (suite: string, settled: Settled[]): CaseResult[] =>
  settled.map(({ name, outcome, code }) => ({ suite, name, outcome, ...(code ? { code } : {}) }));
