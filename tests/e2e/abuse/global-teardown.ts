import { formatSummary, readTally } from './tally';

/** Prints the abuse suite's summary once every spec has run (nothing when no abuse spec ran). */
export default function globalTeardown(): void {
  const results = readTally();
  if (results.length) console.log(`\n${formatSummary(results)}\n`);
}
