/**
 * Trace records grouped by trace id: a request that fans out over the bus (speech → text) shares its
 * trace with what it set off, so the trace view shows it as one row with its steps inside.
 */
import type { TraceRecord } from '../client';

export interface TraceGroup {
  trace: string;
  /** When the last step finished. */
  at: number;
  /** In the order they finished. */
  steps: TraceRecord[];
  /** From the earliest step's start to the last step's finish. */
  ms: number;
  /** 'ok', or the first failed step's error code. */
  outcome: string;
  bytes: number;
}

/** Groups in the order their first step finished, oldest first. */
export function groupTraces(records: readonly TraceRecord[]): TraceGroup[] {
  const byTrace = new Map<string, TraceRecord[]>();
  for (const record of records) {
    const steps = byTrace.get(record.trace);
    if (steps) steps.push(record);
    else byTrace.set(record.trace, [record]);
  }
  return [...byTrace].map(([trace, steps]) => {
    const start = Math.min(...steps.map((s) => s.at - s.ms));
    const end = Math.max(...steps.map((s) => s.at));
    const failed = steps.find((s) => s.outcome !== 'ok');
    return { trace, at: end, steps, ms: end - start, outcome: failed?.outcome ?? 'ok', bytes: steps.reduce((n, s) => n + s.bytes, 0) };
  });
}
