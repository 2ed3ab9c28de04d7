/**
 * Where a replica's start-up time goes: each phase leaves a performance mark in the worker, and the
 * replica reports them (with the worker's time origin, so a page can put them on its own clock).
 */
const PREFIX = 'inpage:';

/** Marks the end of a start-up phase ('module', 'backend', 'model-bytes', 'model', 'warm-up', 'ready', ...). */
export function startupMark(phase: string): void {
  performance.mark(PREFIX + phase);
}

export interface StartupTimes {
  /** The worker's performance.timeOrigin (ms since the epoch): when it was created. */
  timeOrigin: number;
  /** ms after timeOrigin at which each phase ended, in the order they ended. */
  marks: Record<string, number>;
}

export function startupTimes(): StartupTimes {
  const marks: Record<string, number> = {};
  for (const entry of performance.getEntriesByType('mark')) {
    if (entry.name.startsWith(PREFIX)) marks[entry.name.slice(PREFIX.length)] ??= Math.round(entry.startTime * 10) / 10;
  }
  return { timeOrigin: performance.timeOrigin, marks };
}
