/**
 * The message bus: validates requests against the service contracts, routes them to replicas,
 * enforces deadlines and cancellation, carries events, and keeps the numbers.
 */
import { z } from 'zod';
import { Emitter } from './emitter';
import { InPageError } from '../core/errors';
import { newId } from './ids';
import { payloadBytes } from './size';
import { MetricsFeed, type MetricsSample } from './metrics';
import { methodSpec, sessionReplica } from '../core/protocol';
import { ServicePool, type Pending } from './pool';
import type { ServiceStatus } from './service-status';
import type { CallOptions, Contract, ModelGroupSpec, Progress, ReplicaInit, ServiceLimits, WorkerEvent } from '../core/protocol';
import type { ReplicaHost } from './replica';

export interface ServiceRegistration {
  contract: Contract;
  spawn(): ReplicaHost;
  /** The service's model catalogue (its descriptor's groups), handed to each replica it starts. */
  modelGroups?: readonly ModelGroupSpec[];
}

export interface BusOptions {
  /** Absolute URL of the self-hosted model mirror. */
  modelBase: string;
  /** Forces one backend for every service (e.g. from ?backend=). */
  backend?: string;
  /** Forces models per service, by manifest id: one per model group of the service at most. */
  models?: Record<string, string | readonly string[]>;
  /** Forces WASM threads per replica (e.g. from ?threads=). */
  threads?: number;
  /** Memory budgets per service in bytes, over the contracts' own (a page that wants its replicas leaner). */
  memoryBudgets?: Record<string, number>;
}

export interface TraceRecord {
  id: string;
  trace: string;
  service: string;
  method: string;
  replica?: string;
  ms: number;
  /** About how many bytes the request carried. */
  bytes: number;
  outcome: 'ok' | InPageError['code'];
  at: number;
}

export type { CallOptions };

export interface BusEvents extends Record<string, unknown> {
  /** Model download and start-up progress of a replica. */
  progress: { service: string; replica: string; progress: Progress };
  /** A service's state, replicas or numbers changed. */
  status: ServiceStatus;
  /** A request finished (for trace views). */
  trace: TraceRecord;
  /** A service's numbers, at most once a second while it changes (and every heartbeat while it runs). */
  metrics: MetricsSample;
}

/** Finished requests kept for trace views: by the bus, a hub's remote mirror and the React hook alike. */
export const TRACE_KEEP = 200;

interface Published {
  data: unknown;
  trace?: string;
}

export class Bus {
  readonly events = new Emitter<BusEvents>();
  private readonly topics = new Emitter<Record<string, Published>>();
  private readonly pools = new Map<string, ServicePool>();
  private readonly pending = new Map<string, Pending>();
  private readonly traces: TraceRecord[] = [];
  private readonly metrics = new MetricsFeed((sample) => this.events.emit('metrics', sample));
  private readonly catalogues = new Map<string, readonly ModelGroupSpec[]>();

  constructor(
    registrations: readonly ServiceRegistration[],
    private readonly options: BusOptions,
  ) {
    for (const registration of registrations) {
      const { contract } = registration;
      if (registration.modelGroups) this.catalogues.set(contract.name, registration.modelGroups);
      this.pools.set(
        contract.name,
        new ServicePool(contract, {
          spawn: () => registration.spawn(),
          init: (replicaId) => this.initFor(contract.name, replicaId),
          onWorkerEvent: (_, replica, event) => this.onWorkerEvent(contract.name, replica.id, event),
          onChange: (pool) => {
            // Built on every request's start and end: only when someone (a dashboard, a hub) listens.
            if (this.events.has('status')) this.events.emit('status', pool.status());
            this.metrics.note(pool.name, () => pool.status());
          },
          onSettled: (pending, ms, error) => this.onSettled(pending, ms, error),
        }, this.limitsFor(contract.name)),
      );
      // A message on a topic a service subscribes to is delivered as a request, in the publisher's trace;
      // a failed delivery shows in the trace log with its error code.
      for (const [topic, method] of Object.entries(contract.subscriptions ?? {})) {
        this.topics.on(topic, ({ data, trace }) => void this.request(contract.name, method, data, { trace }).catch(() => undefined));
      }
    }
  }

  request(service: string, method: string, payload: unknown, options: CallOptions = {}): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const pool = this.pool(service);
      const spec = methodSpec(pool.contract, method);
      if (!spec) throw new InPageError('INVALID_INPUT', `The ${service} service has no method "${method}".`, service);
      const parsed = spec.input.safeParse(payload);
      if (!parsed.success) {
        throw new InPageError('INVALID_INPUT', `${service}.${method}: ${z.prettifyError(parsed.error)}`, service);
      }
      if (options.signal?.aborted) throw new InPageError('CANCELLED', 'The request was cancelled before it started.', service);

      const timeoutMs = options.timeoutMs ?? pool.limits.timeoutMs;
      const id = newId('r');
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const pending: Pending = {
        envelope: { id, service, method, payload: parsed.data, deadline: Date.now() + timeoutMs, trace: options.trace ?? newId('t'), ...(options.guest ? { guest: true } : {}) },
        resolve: (value) => (done(), resolve(value)),
        reject: (error) => (done(), reject(error)),
        onProgress: options.onProgress,
        pin: sessionReplica(spec, parsed.data),
        settled: false,
        startedAt: performance.now(),
      };
      const timer = setTimeout(
        () => pool.cancel(pending, new InPageError('TIMEOUT', `${service}.${method} took longer than ${timeoutMs} ms.`, service)),
        timeoutMs,
      );
      const onAbort = () => pool.cancel(pending, new InPageError('CANCELLED', `${service}.${method} was cancelled.`, service));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, pending);
      pool.submit(pending);
    });
  }

  /** Starts a service's replicas without waiting for a first request. */
  start(service: string): void {
    this.pool(service).ensureStarted();
  }

  scale(service: string, replicas: number): void {
    this.pool(service).scale(replicas);
  }

  /** Ends one replica abruptly, as a crash would; supervision replaces it. */
  kill(service: string, replicaId: string): void {
    this.pool(service).kill(replicaId);
  }

  /** Replaces one replica (or all) gracefully: new ones start, the old ones finish their work first. */
  restart(service: string, replicaId?: string): void {
    this.pool(service).restart(replicaId);
  }

  /**
   * Runs a service on `backend` from now on (undefined: back to measuring); its replicas are
   * replaced one by one as they finish their work.
   */
  setBackend(service: string, backend: string | undefined): void {
    const pool = this.pool(service);
    pool.pinnedBackend = backend;
    pool.restart();
  }

  /** The recent metrics samples of one service, oldest first. */
  metricsHistory(service: string): MetricsSample[] {
    return this.metrics.samples(service);
  }

  status(service: string): ServiceStatus {
    return this.pool(service).status();
  }

  services(): ServiceStatus[] {
    return [...this.pools.values()].map((pool) => pool.status());
  }

  recentTraces(): TraceRecord[] {
    return [...this.traces];
  }

  publish(topic: string, data: unknown, trace?: string): void {
    this.topics.emit(topic, { data, trace });
  }

  subscribe(topic: string, listener: (data: unknown) => void): () => void {
    return this.topics.on(topic, ({ data }) => listener(data));
  }

  close(): void {
    for (const pool of this.pools.values()) pool.close();
    this.metrics.close();
    this.events.clear();
    this.topics.clear();
  }

  private pool(service: string): ServicePool {
    const pool = this.pools.get(service);
    if (!pool) throw new InPageError('INVALID_INPUT', `There is no service named "${service}".`, service);
    return pool;
  }

  private limitsFor(service: string): Partial<ServiceLimits> {
    const budget = this.options.memoryBudgets?.[service];
    return typeof budget === 'number' && budget > 0 ? { memoryBudgetBytes: budget } : {};
  }

  private forcedModels(service: string): Pick<ReplicaInit, 'model' | 'models'> {
    const forced = this.options.models?.[service];
    // Through a hub these come from the partner page: take strings only.
    const models = (typeof forced === 'string' ? [forced] : Array.isArray(forced) ? forced : []).filter((id): id is string => typeof id === 'string');
    return models.length ? { model: models[0], models } : {};
  }

  private initFor(service: string, replicaId: string): ReplicaInit {
    return {
      service,
      replicaId,
      modelBase: this.options.modelBase,
      backend: this.pools.get(service)?.pinnedBackend ?? this.options.backend,
      ...this.forcedModels(service),
      threads: this.options.threads,
      modelGroups: this.catalogues.get(service),
    };
  }

  private onWorkerEvent(service: string, replica: string, event: WorkerEvent): void {
    if (event.type === 'progress') {
      if (event.requestId) this.pending.get(event.requestId)?.onProgress?.(event.progress);
      else this.events.emit('progress', { service, replica, progress: event.progress });
    } else if (event.type === 'publish') {
      this.publish(event.topic, event.data, event.trace);
    }
  }

  private onSettled(pending: Pending, ms: number, error?: InPageError): void {
    const { id, trace, service, method } = pending.envelope;
    const record: TraceRecord = {
      id,
      trace,
      service,
      method,
      replica: pending.replica?.id,
      ms,
      bytes: payloadBytes(pending.envelope.payload),
      outcome: error ? error.code : 'ok',
      at: Date.now(),
    };
    this.traces.push(record);
    if (this.traces.length > TRACE_KEEP) this.traces.shift();
    this.events.emit('trace', record);
  }
}
