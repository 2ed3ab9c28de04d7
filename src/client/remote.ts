/**
 * A bus that runs elsewhere (a hub iframe), reached over one MessagePort. It keeps a copy of the hub's
 * service states and traces from the events the hub forwards, so what is synchronous on a local bus
 * (services(), recentTraces()) stays synchronous here.
 */
import { InPageError, TRACE_KEEP, type BusEvents, type CallOptions, type MetricsSample, type ServiceStatus, type TraceRecord } from '../bus';
import { METRICS_KEEP } from '../bus/metrics';
import { Emitter } from '../bus/emitter';
import type { Progress } from '../core/protocol';
import { collectTransferables } from '../core/transfer';
import type { BusLike } from './link';
import { HEARTBEAT_MS, HUB_SILENCE_MS, type FromHub, type ToHub } from './wire';

interface Waiting {
  service: string;
  resolve(value: unknown): void;
  reject(error: InPageError): void;
  onProgress?: (progress: Progress) => void;
}

type Ready = Extract<FromHub, { type: 'ready' }>;

/** How long the page waits for the hub before giving up on a request itself (the hub's deadline comes first). */
export interface Watchdog {
  /** The deadline a service's requests get when the caller sets none (its contract's timeoutMs). */
  timeoutMs(service: string): number;
  /** Added to the deadline: the hub answers TIMEOUT itself, unless it is gone (its frame crashed or was removed). */
  graceMs: number;
  /** How often the page pings the hub (default HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** A ping unanswered this long (nothing at all heard since it left) means the hub is gone (default HUB_SILENCE_MS). */
  silenceMs?: number;
}

export class RemoteBus implements BusLike {
  readonly events = new Emitter<BusEvents>();
  private readonly topics = new Emitter<Record<string, unknown>>();
  private readonly subscribers = new Map<string, number>();
  private readonly waiting = new Map<number, Waiting>();
  private readonly statuses = new Map<string, ServiceStatus>();
  private readonly traces: TraceRecord[];
  private readonly samples = new Map<string, MetricsSample[]>();
  private serial = 0;
  private closed = false;
  /** Why the connection ended on its own (the hub went silent); new calls fail with it. */
  private lost: InPageError | undefined;
  /** Settles once the hub is found gone, so whoever holds this connection can open a new one. */
  readonly whenLost: Promise<InPageError>;
  private settleLost: (error: InPageError) => void = () => undefined;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private lastHeard = Date.now();
  private pingSentAt = 0;

  /**
   * `port` has answered the handshake with `ready`; `onClose` runs once, after close() or once the hub is
   * found gone, and `onLost` then too (so whoever caches this bus drops it).
   */
  constructor(
    private readonly port: MessagePort,
    ready: Ready,
    private readonly onClose: () => void = () => undefined,
    private readonly watchdog: Watchdog = { timeoutMs: () => 60_000, graceMs: 5_000 },
    private readonly onLost: (error: InPageError) => void = () => undefined,
  ) {
    this.whenLost = new Promise((resolve) => (this.settleLost = resolve));
    for (const status of ready.services) this.statuses.set(status.name, status);
    this.traces = [...ready.traces];
    for (const [service, samples] of Object.entries(ready.metrics)) this.samples.set(service, [...samples]);
    port.onmessage = ({ data }: MessageEvent<FromHub>) => {
      this.lastHeard = Date.now();
      this.receive(data);
    };
    port.start();
    this.heartbeat = setInterval(() => this.checkPulse(), watchdog.heartbeatMs ?? HEARTBEAT_MS);
  }

  /**
   * One ping in flight at a time; the hub is gone only when nothing at all has come back for `silenceMs`
   * since a ping left, so a page whose timers the browser throttles (a background tab) is not fooled.
   */
  private checkPulse(): void {
    const now = Date.now();
    const waitingForPong = this.pingSentAt > 0 && this.lastHeard < this.pingSentAt;
    if (waitingForPong && now - this.pingSentAt > (this.watchdog.silenceMs ?? HUB_SILENCE_MS)) return this.hubLost(now - this.pingSentAt);
    if (waitingForPong) return;
    this.pingSentAt = now;
    this.post({ type: 'ping' });
  }

  /** The hub stopped answering: everything pending fails now, with a code a program can act on (connect again). */
  private hubLost(silentMs: number): void {
    const error = new InPageError(
      'HUB_UNAVAILABLE',
      `The InPage hub stopped answering (nothing for ${Math.round(silentMs / 1000)} s: its frame was removed or crashed). Pending calls were ended; connect() again for a new hub.`,
    );
    this.lost = error;
    this.shutDown(error);
    this.onLost(error);
    this.settleLost(error);
  }

  request(service: string, method: string, payload: unknown, options: CallOptions = {}): Promise<unknown> {
    const { signal, timeoutMs, trace, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new InPageError('CANCELLED', 'The request was cancelled before it started.', service));
    let id = 0;
    const onAbort = () => this.post({ type: 'cancel', id });
    signal?.addEventListener('abort', onAbort, { once: true });
    const sent = this.expect(service, { onProgress }, (serial) => {
      id = serial;
      // Large inputs (buffers, bitmaps) are moved to the hub, not copied.
      this.post({ type: 'call', id, service, method, payload, timeoutMs, trace, progress: Boolean(onProgress) }, collectTransferables(payload));
    });
    const waitMs = (timeoutMs ?? this.watchdog.timeoutMs(service)) + this.watchdog.graceMs;
    const timer = setTimeout(() => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      waiter?.reject(new InPageError('TIMEOUT', `${service}.${method}: the InPage hub did not answer within ${waitMs} ms (its frame may have crashed).`, service));
    }, waitMs);
    return sent.finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  }

  /** Resolves once the hub has scaled (and its new state is in services()); a bad count rejects. */
  scale(service: string, replicas: number): Promise<void> {
    return this.admin('scale', service, replicas).then(() => undefined);
  }

  start(service: string): void {
    this.admin('start', service).catch(() => undefined);
  }

  kill(service: string, replicaId: string): void {
    this.admin('kill', service, replicaId).catch(() => undefined);
  }

  restart(service: string, replicaId?: string): void {
    this.admin('restart', service, replicaId).catch(() => undefined);
  }

  setBackend(service: string, backend: string | undefined): void {
    this.admin('setBackend', service, backend).catch(() => undefined);
  }

  services(): ServiceStatus[] {
    return [...this.statuses.values()];
  }

  status(service: string): ServiceStatus {
    const status = this.statuses.get(service);
    if (!status) throw new InPageError('INVALID_INPUT', `There is no service named "${service}".`, service);
    return status;
  }

  metricsHistory(service: string): MetricsSample[] {
    return [...(this.samples.get(service) ?? [])];
  }

  recentTraces(): TraceRecord[] {
    return [...this.traces];
  }

  publish(topic: string, data: unknown): void {
    this.post({ type: 'publish', topic, data });
  }

  subscribe(topic: string, listener: (data: unknown) => void): () => void {
    // The hub forwards a topic once, however many listeners this page has on it.
    const count = this.subscribers.get(topic) ?? 0;
    if (count === 0) this.post({ type: 'subscribe', topic });
    this.subscribers.set(topic, count + 1);
    const off = this.topics.on(topic, listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      off();
      const left = (this.subscribers.get(topic) ?? 1) - 1;
      this.subscribers.set(topic, left);
      if (left === 0 && !this.closed) this.post({ type: 'unsubscribe', topic });
    };
  }

  close(): void {
    if (this.closed) return;
    this.post({ type: 'close' });
    this.shutDown(new InPageError('CANCELLED', 'The connection was closed.'));
  }

  private shutDown(reason: InPageError): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const waiter of this.waiting.values()) waiter.reject(new InPageError(reason.code, reason.message, waiter.service));
    this.waiting.clear();
    this.events.clear();
    this.topics.clear();
    this.port.close();
    this.onClose();
  }

  private receive(data: FromHub): void {
    switch (data.type) {
      case 'result': {
        const waiter = this.waiting.get(data.id);
        this.waiting.delete(data.id);
        if (data.ok) waiter?.resolve(data.value);
        else waiter?.reject(InPageError.from(data.error));
        break;
      }
      case 'progress':
        this.waiting.get(data.id)?.onProgress?.(data.progress);
        break;
      case 'event':
        if (data.name === 'status') {
          const status = data.value as ServiceStatus;
          this.statuses.set(status.name, status);
        } else if (data.name === 'trace') {
          this.traces.push(data.value as TraceRecord);
          if (this.traces.length > TRACE_KEEP) this.traces.shift();
        } else if (data.name === 'metrics') {
          const sample = data.value as MetricsSample;
          const kept = this.samples.get(sample.service) ?? [];
          kept.push(sample);
          if (kept.length > METRICS_KEEP) kept.shift();
          this.samples.set(sample.service, kept);
        }
        this.events.emit(data.name, data.value);
        break;
      case 'topic':
        this.topics.emit(data.topic, data.data);
        break;
      case 'state':
        this.statuses.set(data.status.name, data.status);
        break;
    }
  }

  private post(message: ToHub, transfer: Transferable[] = []): void {
    if (!this.closed) this.port.postMessage(message, transfer);
  }

  private admin(op: Extract<ToHub, { type: 'admin' }>['op'], service: string, arg?: unknown): Promise<unknown> {
    return this.expect(service, {}, (id) => this.post({ type: 'admin', id, op, service, arg }));
  }

  /** Sends one message that expects a result; `send` throws for a payload that cannot be cloned. */
  private expect(service: string, waiter: Pick<Waiting, 'onProgress'>, send: (id: number) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.lost) throw new InPageError('HUB_UNAVAILABLE', this.lost.message, service);
      if (this.closed) throw new InPageError('CANCELLED', 'The connection was closed.', service);
      const id = (this.serial += 1);
      this.waiting.set(id, { resolve, reject, service, ...waiter });
      try {
        send(id);
      } catch (error) {
        this.waiting.delete(id);
        const reason = error instanceof Error ? error.message : String(error);
        throw new InPageError('INVALID_INPUT', `The request cannot be sent to the hub: ${reason}`, service);
      }
    });
  }
}
