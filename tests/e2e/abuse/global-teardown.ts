import { writeBlock } from '../../../scripts/readme-block.mjs';
import { abuseResults, abuseTable, formatSummary, readTally, writeAbuseResults } from './tally';

/**
 * Prints the abuse suite's summary once every spec has run (nothing when no abuse spec ran). `npm test`,
 * which runs them all, asks for it to be kept too: results.json and the README's abuse block.
 */
export default function globalTeardown(): void {
  const results = readTally();
  if (!results.length) return;
  console.log(`\n${formatSummary(results)}\n`);
  if (process.env.INPAGE_ABUSE_RESULTS !== 'write') return;
  const kept = abuseResults(results);
  writeAbuseResults(kept);
  writeBlock('abuse', abuseTable(kept));
}
