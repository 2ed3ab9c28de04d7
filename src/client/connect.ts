/** The public SDK: `connect()` gives typed proxies for every service, over one shared bus per page. */
import { InPageError, type MetricsSample, type ServiceStatus, type TraceRecord } from '../bus';
import type { BusEvents } from '../bus/bus';
import type { CallOptions, Contract } from '../core/protocol';
import type { ReplicaStatus } from '../bus';
import type { BusLike } from './link';
import { serviceOfModel, SERVICES, type Registered, type ServiceApis, type ServiceName, type Topics } from './registry';
import { sharedBus } from './shared';

export interface ConnectOptions {
  /** The self-hosted model mirror; default `/models/` on this origin. */
  modelBase?: string;
  /** Forces a backend for every service (otherwise each measures); default: the page's `?backend=`. */
  backend?: string;
  /**
   * Forces models by manifest id, per service one per model group (e.g. speech's commands and transcription);
   * default: the page's `?model=` (it may repeat), each id going to the service whose groups list it.
   */
  models?: Partial<Record<ServiceName, string | readonly string[]>>;
  /** WASM threads per replica where the page is cross-origin isolated; default: the page's `?threads=`, else the runtime's choice. */
  threads?: number;
  /**
   * Memory budgets per service in bytes, over the services' own: a replica reporting more is replaced once
   * its work is answered. For a bus on this page; a hub keeps its own.
   */
  memoryBudgets?: Partial<Record<ServiceName, number>>;
  /** Replicas to start with per service (they start on first use); through a hub this needs the `admin` capability. */
  replicas?: Partial<Record<ServiceName, number>>;
  /**
   * An InPage hub page on another origin (e.g. `https://toolkit.example/embed.html`): the bus and the
   * workers then run in a hidden iframe there, sharing that origin's models and caches. The hub must
   * list this page's origin in its `embed.config.json`, or connect() fails with FORBIDDEN_ORIGIN.
   */
  hub?: string;
}

export interface ServiceSummary {
  name: string;
  state: ServiceStatus['state'];
  reason?: string;
  replicas: number;
  backend?: string;
  model?: string;
  queue: number;
  inFlight: number;
  /** Something a person should know, e.g. that this browser keeps no data for the service here. */
  notice?: string;
}

export interface ServiceMetrics {
  requests: ServiceStatus['requests'];
  queue: number;
  inFlight: number;
  restarts: number;
  replicas: ReplicaStatus[];
}

export type InPage = ServiceApis & {
  services(): Promise<ServiceSummary[]>;
  /** Everything the bus knows about one service right now (what the `status` event carries). */
  status(service: ServiceName): ServiceStatus;
  metrics(): Promise<Record<string, ServiceMetrics>>;
  scale(service: ServiceName, replicas: number): Promise<void>;
  /** Starts a service's replicas now instead of on first use. */
  start(service: ServiceName): void;
  /** Round trip of a no-op request through the bus, in ms. */
  ping(service: ServiceName): Promise<number>;
  on<K extends keyof BusEvents>(event: K, handler: (value: BusEvents[K]) => void): () => void;
  publish<T extends keyof Topics>(topic: T, data: Topics[T]): void;
  publish(topic: string, data: unknown): void;
  /** A service's topic (`speech.transcribed`, `text.sentiment`, …) is typed as the service declares it. */
  subscribe<T extends keyof Topics>(topic: T, handler: (data: Topics[T]) => void): () => void;
  subscribe(topic: string, handler: (data: unknown) => void): () => void;
  traces(): TraceRecord[];
  /** Ends a replica abruptly, as a crash would (for drills and tests); supervision replaces it. */
  kill(service: ServiceName, replicaId: string): void;
  /** Replaces one replica (or all) with a fresh one; the old one answers its current work first. */
  restart(service: ServiceName, replicaId?: string): void;
  /** Runs a service on one backend from now on (`undefined`: measure again); replicas are replaced. */
  setBackend(service: ServiceName, backend: string | undefined): void;
  /** The recent once-a-second samples of a service's numbers (the `metrics` event's history). */
  metricsHistory(service: ServiceName): MetricsSample[];
  /** Releases this connection; the page's shared bus (its workers, or the hub frame) stops with the last one. */
  close(): void;
  /** Settles if this connection's hub is lost (its frame removed or crashed): connect() again then. A bus on this page never settles it. */
  whenLost: Promise<InPageError>;
};

/** This module's own URL: what relative defaults resolve against where the page's URL cannot serve. */
const SCRIPT_URL = import.meta.url;

/**
 * The URL relative options resolve against: the document's base where it is an http(s) URL (an
 * about:srcdoc frame inherits its parent's), else the SDK script's own (a blob: or data: document).
 */
function resolveBase(): string | undefined {
  const candidates = [typeof document === 'undefined' ? undefined : document.baseURI, typeof location === 'undefined' ? undefined : location.href, SCRIPT_URL];
  return candidates.find((url) => url !== undefined && /^https?:/.test(url));
}

function absolute(url: string, base: string | undefined, option: string): string {
  try {
    return new URL(url, base).href;
  } catch {
    throw new InPageError('INVALID_INPUT', `connect(): ${option} "${url}" is not a URL this page can resolve; pass an absolute https URL.`);
  }
}

const CALL_OPTION_KEYS = ['signal', 'timeoutMs', 'onProgress', 'trace'] as const;

export async function connect(options: ConnectOptions = {}): Promise<InPage> {
  try {
    return await open(options);
  } catch (error) {
    // Whatever the page (about:srcdoc, a sandboxed frame, a blob: document), a failure is typed.
    throw InPageError.from(error);
  }
}

async function open(options: ConnectOptions): Promise<InPage> {
  const params = typeof location === 'undefined' ? new URLSearchParams() : new URLSearchParams(location.search);
  const base = resolveBase();
  const { bus, release } = await sharedBus({
    hub: options.hub === undefined ? undefined : absolute(options.hub, base, 'hub'),
    modelBase: absolute(options.modelBase ?? '/models/', base, 'modelBase'),
    backend: options.backend ?? params.get('backend') ?? undefined,
    models: modelChoices(params.getAll('model'), options.models),
    threads: options.threads ?? (Number(params.get('threads')) || undefined),
    memoryBudgets: options.memoryBudgets,
  });
  try {
    // A hub scales asynchronously; its errors (a bad count) reject here as they throw on a local bus.
    for (const [name, count] of Object.entries(options.replicas ?? {})) await bus.scale(name, count);
  } catch (error) {
    release();
    throw error;
  }

  const proxies = Object.fromEntries(Object.entries(SERVICES).map(([name, service]) => [name, serviceProxy(bus, service)])) as unknown as ServiceApis;

  return {
    ...proxies,
    services: async () => bus.services().map(summarize),
    status: (service) => bus.status(service),
    metrics: async () =>
      Object.fromEntries(
        bus.services().map((s) => [s.name, { requests: s.requests, queue: s.queue, inFlight: s.inFlight, restarts: s.restarts, replicas: s.replicas }]),
      ),
    scale: async (service, replicas) => bus.scale(service, replicas),
    start: (service) => bus.start(service),
    ping: async (service) => {
      const started = performance.now();
      await bus.request(service, 'ping', {});
      return performance.now() - started;
    },
    on: (event, handler) => bus.events.on(event, handler),
    publish: (topic: string, data: unknown) => bus.publish(topic, data),
    subscribe: (topic: string, handler: (data: never) => void) => bus.subscribe(topic, handler as (data: unknown) => void),
    traces: () => bus.recentTraces(),
    kill: (service, replicaId) => bus.kill(service, replicaId),
    restart: (service, replicaId) => bus.restart(service, replicaId),
    setBackend: (service, backend) => bus.setBackend(service, backend),
    metricsHistory: (service) => bus.metricsHistory(service),
    close: release,
    whenLost: bus.whenLost ?? new Promise<never>(() => undefined),
  };
}

/** Maps `service.method(arg1, arg2, { ...options, signal })` onto one validated bus request. */
function proxyFor(bus: BusLike, contract: Contract): Record<string, (...args: unknown[]) => Promise<unknown>> {
  return Object.fromEntries(
    Object.entries(contract.methods).map(([method, spec]) => [
      method,
      (...args: unknown[]) => {
        const payload: Record<string, unknown> = {};
        spec.args.forEach((name, i) => (payload[name] = args[i]));
        const last = args[spec.args.length];
        const call: CallOptions = {};
        if (last !== undefined) {
          if (!isPlainObject(last)) {
            return Promise.reject(new InPageError('INVALID_INPUT', `${contract.name}.${method}: the options must be an object.`, contract.name));
          }
          for (const [key, value] of Object.entries(last)) {
            if ((CALL_OPTION_KEYS as readonly string[]).includes(key)) (call as Record<string, unknown>)[key] = value;
            else payload[key] = value;
          }
        }
        return bus.request(contract.name, method, payload, call);
      },
    ]),
  );
}

/** `ai.<name>`: the bus proxy, the service's page-side methods (its descriptor's `client`) over it, and the old names. */
function serviceProxy(bus: BusLike, { contract, client, aliases = {} }: Registered): object {
  const proxy = proxyFor(bus, contract);
  const api: Record<string, unknown> = client ? { ...proxy, ...client(proxy as never) } : proxy;
  for (const [old, current] of Object.entries(aliases)) api[old] = api[current];
  return api;
}

/** Forced models per service: the page's `?model=` ids each to the service whose groups list it, then the options'. */
function modelChoices(fromUrl: string[], chosen: ConnectOptions['models'] = {}): Record<string, string[]> {
  const models: Record<string, string[]> = {};
  for (const id of fromUrl) {
    const service = serviceOfModel(id);
    if (!service) throw new InPageError('INVALID_INPUT', `?model=${id}: no service has a model "${id}" (see each service's offlineModels()).`);
    (models[service] ??= []).push(id);
  }
  for (const [service, ids] of Object.entries(chosen)) if (ids?.length) models[service] = typeof ids === 'string' ? [ids] : [...ids];
  return models;
}

function summarize(status: ServiceStatus): ServiceSummary {
  const { name, state, reason, backend, model, queue, inFlight } = status;
  return { name, state, reason, replicas: status.replicas.length, backend, model, queue, inFlight, notice: status.storage?.notice };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
