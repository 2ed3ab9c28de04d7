/**
 * The bus's live numbers: one sample per service at most once a second (and once after a burst),
 * kept for a short window so a dashboard opened late still draws a chart. Built from what the pool
 * already knows (its own latency window, the replicas' heartbeat reports): no extra worker calls.
 */
import type { ServiceStatus } from './service-status';

export interface MetricsSample {
  service: string;
  at: number;
  state: ServiceStatus['state'];
  replicas: number;
  /** Requests answered since the bus started, and how many of them failed. */
  requests: number;
  errors: number;
  /** Latency over the bus's recent window, queue time included, in ms. */
  p50: number;
  p95: number;
  p99: number;
  inFlight: number;
  queue: number;
  restarts: number;
  /** Sum of the replicas' reported memory, where they report it. */
  memoryBytes?: number;
}

export const METRICS_INTERVAL_MS = 1_000;
export const METRICS_KEEP = 120;

export function sampleOf(status: ServiceStatus, at = Date.now()): MetricsSample {
  const memory = status.replicas.map((r) => r.memoryBytes).filter((m): m is number => typeof m === 'number');
  const { count, errors, p50, p95, p99 } = status.requests;
  return {
    service: status.name,
    at,
    state: status.state,
    replicas: status.replicas.length,
    requests: count,
    errors,
    p50,
    p95,
    p99,
    inFlight: status.inFlight,
    queue: status.queue,
    restarts: status.restarts,
    memoryBytes: memory.length ? memory.reduce((a, b) => a + b, 0) : undefined,
  };
}

/** Throttles status changes into samples: the first at once, later ones at most every `intervalMs`. */
export class MetricsFeed {
  private readonly history = new Map<string, MetricsSample[]>();
  private readonly last = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly emit: (sample: MetricsSample) => void,
    private readonly intervalMs = METRICS_INTERVAL_MS,
  ) {}

  /** Called on every status change; `read` gives the freshest status when the sample is taken. */
  note(service: string, read: () => ServiceStatus): void {
    if (this.timers.has(service)) return;
    const wait = (this.last.get(service) ?? -Infinity) + this.intervalMs - Date.now();
    if (wait <= 0) return this.take(read());
    this.timers.set(
      service,
      setTimeout(() => {
        this.timers.delete(service);
        this.take(read());
      }, wait),
    );
  }

  samples(service: string): MetricsSample[] {
    return [...(this.history.get(service) ?? [])];
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private take(status: ServiceStatus): void {
    const sample = sampleOf(status);
    this.last.set(status.name, sample.at);
    let kept = this.history.get(status.name);
    if (!kept) this.history.set(status.name, (kept = []));
    kept.push(sample);
    if (kept.length > METRICS_KEEP) kept.shift();
    this.emit(sample);
  }
}
