/** Counts and latency percentiles over a sliding window; used by the bus and by every replica. */
export interface MethodStats {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

const WINDOW = 512;

export class LatencyStats {
  private count = 0;
  private errors = 0;
  private readonly samples: number[] = [];
  private next = 0;

  record(ms: number, ok: boolean): void {
    this.count += 1;
    if (!ok) this.errors += 1;
    if (this.samples.length < WINDOW) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
  }

  snapshot(): MethodStats {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
    return { count: this.count, errors: this.errors, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}

/** One LatencyStats per name (a replica's methods, or the phases of its requests). */
export class StatsByName {
  private readonly byName = new Map<string, LatencyStats>();

  record(name: string, ms: number, ok: boolean): void {
    let stats = this.byName.get(name);
    if (!stats) this.byName.set(name, (stats = new LatencyStats()));
    stats.record(ms, ok);
  }

  get size(): number {
    return this.byName.size;
  }

  snapshot(): Record<string, MethodStats> {
    return Object.fromEntries([...this.byName].map(([name, stats]) => [name, stats.snapshot()]));
  }
}
