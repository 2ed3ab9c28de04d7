/**
 * What every service worker runs: `serve(contract, setup)` exposes the replica API over Comlink,
 * runs the lifecycle (starting → loading → ready | failed), answers heartbeats, validates input
 * again, honours deadlines and cancellation, and keeps per-method numbers.
 */
import * as Comlink from 'comlink';
import { InPageError } from '../../core/errors';
import type {
  Contract,
  Envelope,
  MethodName,
  Outcome,
  OutputOf,
  PayloadOf,
  Progress,
  TopicsOf,
  ReplicaApi,
  ReplicaInit,
  ReplicaReport,
  ReplicaState,
  WorkerEvent,
} from '../../core/protocol';
import { StatsByName } from '../../core/stats';
import { collectTransferables } from '../../core/transfer';
import { isStorageMethod } from '../../core/storage';
import { methodSpec } from '../../core/protocol';
import { storageState } from '../storage/memory-db';
import { catalogueOf, type CatalogueGroup } from '../models/catalogue';
import { INSTALL_COMMAND, installState } from '../models/installed';
import { mirrorLock } from '../models/lock';
import { storageHandlers } from '../storage/storage';
import type { RequestContext } from './request';
import type { ServiceDb } from '../storage/store';
import type { StoreSpecs } from '../storage/store-limits';
import { startupMark, startupTimes } from './startup';
import { chooseThreads } from '../backends/threads';
import { IdleScheduler } from './idle';

export interface Runtime {
  init: ReplicaInit;
  /** One group of the service's models, as its descriptor declares it, with this visit's forced id. */
  group(name: string): CatalogueGroup;
  /** Start-up progress (model download, backend measurement), shown by the page. */
  progress(progress: Progress): void;
  publish(topic: string, data: unknown): void;
  /** What the dashboard shows about this replica. */
  describe(info: Partial<Omit<ReplicaReport, 'state' | 'methods'>>): void;
  /** How to read this replica's memory use in bytes (e.g. tf.memory().numBytes). */
  measureMemory(probe: () => number): void;
  /**
   * Runs `step` once the replica has had no request for a moment, never beside one: a request that
   * arrives waits only for the step under way. Steps run in the order queued.
   */
  whenIdle(step: () => Promise<void>): void;
  /**
   * Marks the replica as in live use (a microphone session) until the returned release is called: no
   * idle step starts meanwhile, since a live stream falls quiet between words and the next word must not
   * wait behind a step (timing another backend blocks for seconds).
   */
  holdIdle(): () => void;
  /**
   * Work that must not be lost when the bus retires this replica (answers noted for the history, not yet
   * written): the replica runs it, within a bound, before it stops.
   */
  beforeStop(flush: () => Promise<void>): void;
  /** Records how long one phase of a request took (decode, forward, ...): the report keeps percentiles per phase. */
  phase(name: string, ms: number): void;
}

/** The service's models are not an option: they come from its descriptor, in ReplicaInit (catalogue.ts). */
export interface ServeOptions {
  /** Opens the service's own database (with its stores) for the storage methods; default: the runtime's stores only. */
  db?: () => Promise<ServiceDb>;
  /** Each own store's record shape and limit: imports are checked against them, the Data page shows the limits. */
  stores?: StoreSpecs;
  /** Where the replica API is exposed; a test passes one end of a MessageChannel. */
  endpoint?: Comlink.Endpoint;
}

/** A request as a handler sees it: it may publish only the topics its contract declares, with their payloads. */
export type ServiceRequest<C extends Contract> = Omit<RequestContext, 'publish'> & {
  publish<T extends Extract<keyof TopicsOf<C>, string>>(topic: T, data: TopicsOf<C>[T]): void;
};
/** Any handler, as the dispatcher calls it. */
type AnyHandler = (payload: unknown, request: RequestContext) => unknown;
type Handler<C extends Contract, M extends MethodName<C>> = (payload: PayloadOf<C, M>, request: ServiceRequest<C>) => OutputOf<C, M> | Promise<OutputOf<C, M>>;
/** One handler per method the service implements, answering what its contract says it answers. */
export type Handlers<C extends Contract> = { [M in MethodName<C>]: Handler<C, M> };

export function serve<C extends Contract>(
  contract: C,
  setup: (runtime: Runtime) => Promise<Handlers<C>>,
  options: ServeOptions = {},
): void {
  const { endpoint = self as unknown as Comlink.Endpoint } = options;
  startupMark('module'); // the worker's script and its libraries are loaded and evaluated
  let state: ReplicaState = 'starting';
  let reason: string | undefined;
  let errorCode: InPageError['code'] | undefined;
  let handlers: Handlers<C> | undefined;
  let storage: ReturnType<typeof storageHandlers> | undefined;
  let memoryProbe: (() => number) | undefined;
  const flushes: Array<() => Promise<void>> = [];
  let emit: (event: WorkerEvent) => void = () => undefined;
  const info: Partial<ReplicaReport> = {};
  const stats = new StatsByName();
  const phases = new StatsByName();
  const running = new Map<string, AbortController>();
  const idle = new IdleScheduler(contract.name, () => running.size === 0 && state === 'ready', (busy) => emit({ type: 'background', busy }));

  const setState = (next: ReplicaState, why?: string) => {
    state = next;
    reason = why;
    emit({ type: 'state', state, reason, errorCode });
  };

  const report = (): ReplicaReport => ({
    ...info,
    state,
    reason,
    errorCode,
    memoryBytes: memoryProbe?.(),
    storage: storageState(),
    methods: stats.snapshot(),
    ...(phases.size && { phases: phases.snapshot() }),
  });

  const api: ReplicaApi = {
    async start(init, onEvent) {
      emit = (event) => onEvent(event);
      startupMark('start');
      setState('loading');
      let catalogue: ReturnType<typeof catalogueOf>;
      try {
        catalogue = catalogueOf(init);
      } catch (error) {
        errorCode = 'INVALID_INPUT';
        setState('failed', `The ${contract.name} service's model catalogue is not valid: ${InPageError.from(error, contract.name).message}`);
        return report();
      }
      const runtime: Runtime = {
        init,
        group: (name) => catalogue.group(name),
        progress: (progress) => emit({ type: 'progress', progress }),
        publish: (topic, data) => emit({ type: 'publish', topic, data }),
        describe: (more) => Object.assign(info, more),
        measureMemory: (probe) => (memoryProbe = probe),
        whenIdle: (step) => idle.add(step),
        phase: (name, ms) => phases.record(name, ms, true),
        holdIdle: () => idle.hold(),
        beforeStop: (flush) => void flushes.push(flush),
      };
      // Read beside the start, never holding it up: the dashboard learns it with the next heartbeat.
      void mirrorLock(init.modelBase).then((lock) => {
        const missing = new Set(catalogue.groups.flatMap((g) => g.models.filter((m) => installState(m, lock) === 'not installed').map((m) => m.id)));
        info.notInstalled = missing.size ? { models: [...missing], install: INSTALL_COMMAND } : undefined;
      });
      const threads = chooseThreads(init);
      Object.assign(info, { threads: threads.threads, threadsNote: threads.note });
      storage = storageHandlers({ service: contract.name, groups: catalogue.groups.map((g) => g.models), openDb: options.db, stores: options.stores, modelBase: init.modelBase });
      try {
        handlers = await setup(runtime);
        startupMark('ready');
        info.startup = startupTimes();
        setState('ready');
        idle.schedule();
      } catch (error) {
        const failure = InPageError.from(error, contract.name);
        errorCode = failure.code;
        setState('failed', failure.message);
      }
      return report();
    },

    async handle(envelope: Envelope): Promise<Outcome> {
      const started = performance.now();
      const controller = new AbortController();
      running.set(envelope.id, controller);
      // Idle work never runs beside a request; one already under way is let finish (the bus's ping is no request).
      if (envelope.method !== 'ping') await idle.requestStarted();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, Math.max(0, envelope.deadline - Date.now()));
      let ok = false;
      try {
        const value = await run(envelope, controller.signal);
        ok = true;
        return Comlink.transfer({ ok: true, value }, collectTransferables(value));
      } catch (error) {
        const stopped = `${contract.name}.${envelope.method} stopped`;
        const failure = !controller.signal.aborted
          ? storageFailure(error, contract.name) ?? InPageError.from(error, contract.name)
          : timedOut
            ? new InPageError('TIMEOUT', `${stopped}: past its deadline.`, contract.name)
            : new InPageError('CANCELLED', `${stopped}: cancelled.`, contract.name);
        return { ok: false, error: failure.toJSON() };
      } finally {
        clearTimeout(timer);
        running.delete(envelope.id);
        idle.requestEnded();
        stats.record(envelope.method, performance.now() - started, ok);
      }
    },

    cancel(requestId) {
      running.get(requestId)?.abort();
    },

    heartbeat: report,

    async drain() {
      const failures = (await Promise.allSettled(flushes.map((flush) => flush()))).filter((o) => o.status === 'rejected');
      for (const failure of failures) console.warn(`InPage ${contract.name}: work before stopping failed`, failure.reason);
    },
  };

  async function run(envelope: Envelope, signal: AbortSignal): Promise<unknown> {
    if (envelope.method === 'ping') return { replica: 'pong', at: Date.now() };
    if (!handlers || state !== 'ready') throw new InPageError('SERVICE_CRASHED', `The ${contract.name} service is not ready.`, contract.name);
    const method = envelope.method;
    const spec = methodSpec(contract, method);
    const own = handlers as unknown as Record<string, AnyHandler>;
    const handler = isStorageMethod(method) ? storage?.[method] : Object.hasOwn(own, method) ? own[method] : undefined;
    if (!spec || !handler) throw new InPageError('INVALID_INPUT', `No method "${envelope.method}".`, contract.name);
    const kept = storageState();
    if (spec.needs === 'storage' && !kept.persistent) throw new InPageError('STORAGE_UNAVAILABLE', kept.notice ?? 'Storage is unavailable.', contract.name);
    // Checked again here: a worker must not trust its caller, embedders can post to it directly.
    const parsed = spec.input.safeParse(envelope.payload);
    if (!parsed.success) throw new InPageError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'invalid input', contract.name);
    const context: RequestContext = {
      id: envelope.id,
      trace: envelope.trace,
      signal,
      progress: (progress) => emit({ type: 'progress', requestId: envelope.id, progress }),
      publish: (topic, data) => emit({ type: 'publish', topic, data, trace: envelope.trace }),
      guest: envelope.guest === true,
    };
    return (handler as AnyHandler)(parsed.data, context);
  }

  Comlink.expose(api, endpoint);
}

/** A database this worker let go of (a newer version took it over) fails as STORAGE_UNAVAILABLE with the reason. */
function storageFailure(error: unknown, service: string): InPageError | undefined {
  const kept = storageState();
  if (kept.persistent || !(error instanceof DOMException) || error.name !== 'InvalidStateError') return undefined;
  return new InPageError('STORAGE_UNAVAILABLE', kept.notice ?? 'Storage is unavailable.', service);
}
