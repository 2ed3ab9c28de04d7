/**
 * A real bus over real replicas: each replica is the real worker runtime (`serve()`) on one end of a
 * MessageChannel in this thread, the bus holds the other end. Closing the ports is how a dead worker
 * looks to the bus: silence.
 */
import type * as Comlink from 'comlink';
import { afterEach, expect, vi } from 'vitest';
import { z } from 'zod';
import { Bus } from '../../src/bus/bus';
import { InPageError, type ErrorCode } from '../../src/core/errors';
import { defineContract, returns, sessionId, type ServiceLimits } from '../../src/core/protocol';
import type { ReplicaHost } from '../../src/bus/replica';
import type { RequestContext } from '../../src/runtime/serving/request';
import { serve, type Handlers, type Runtime } from '../../src/runtime/serving/serve';

export const FAST_LIMITS: Partial<ServiceLimits> = {
  concurrency: 1,
  maxQueue: 2,
  timeoutMs: 5_000,
  startTimeoutMs: 2_000,
  heartbeatMs: 50,
  // Generous enough for a busy 2-core machine: a replica blocked this long by load alone is rare.
  heartbeatTimeoutMs: 1_000,
};

export function testContract(limits: Partial<ServiceLimits> = {}, subscriptions: Record<string, string> = {}) {
  return defineContract({
    subscriptions,
    name: 'test',
    methods: {
      echo: { args: ['value'], input: z.object({ value: z.string() }), output: returns<string>() },
      /** Resolves with the replica id after `ms`; rejects `stopMs` after its signal aborts. */
      sleep: {
        args: ['ms'],
        input: z.object({ ms: z.number().int().min(0).max(10_000), stopMs: z.number().int().min(0).max(1_000).default(0) }),
        output: returns<string>(),
      },
      /** With a `session` ('<replica id>/…'), the bus must send it to that replica (sticky). */
      whoami: { args: [], input: z.object({ session: z.string().optional() }), output: returns<string>(), sticky: true },
      announce: { args: ['topic', 'data'], input: z.object({ topic: z.string(), data: z.unknown() }), output: returns<boolean>() },
      steps: { args: ['n'], input: z.object({ n: z.number().int().min(1).max(10) }), output: returns<number>() },
      /** As `sleep`, marked idempotent: tried once more elsewhere when its replica crashes. */
      look: { args: ['ms'], input: z.object({ ms: z.number().int().min(0).max(10_000), bytes: z.instanceof(ArrayBuffer).optional() }), output: returns<string>(), idempotent: true },
      /** Opens a session in the replica, as captionStart does; `close` ends it. */
      open: { args: [], input: z.object({}), output: returns<{ session: string }>(), session: 'opens' },
      close: { args: ['session'], input: z.object({ session: z.string() }), output: returns<string>(), sticky: true, session: 'closes' },
    },
    limits: { ...FAST_LIMITS, ...limits },
  });
}

export type TestContract = ReturnType<typeof testContract>;

/** What a handler saw, recorded in the "worker" so tests can look behind the bus. */
export interface Call {
  replica: string;
  method: string;
  payload: unknown;
  signal: AbortSignal;
}

export interface FakeWorker {
  id?: string;
  /** Closes both ports without telling the bus: the worker goes silent, as a hung or killed one does. */
  vanish(): void;
  /** Fires the host's crash listeners, as a worker's `error` event would. */
  crash(reason: string): void;
}

type Setup = (runtime: Runtime, calls: Call[]) => Promise<Handlers<TestContract>>;

export const defaultSetup: Setup = async (runtime, calls) => {
  const replica = runtime.init.replicaId;
  const log = (method: string, payload: unknown, signal: AbortSignal) => calls.push({ replica, method, payload, signal });
  return {
    echo: ({ value }, request) => (log('echo', { value }, request.signal), value),
    sleep: ({ ms, stopMs }, request) => {
      log('sleep', { ms }, request.signal);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(replica), ms);
        const stop = () => (clearTimeout(timer), setTimeout(() => reject(new Error('aborted')), stopMs));
        request.signal.addEventListener('abort', stop, { once: true });
      });
    },
    whoami: (_, request) => (log('whoami', {}, request.signal), replica),
    announce: ({ topic, data }, request) => {
      log('announce', { topic, data }, request.signal);
      // Any topic the test names: the typed publish knows only declared ones.
      (request as RequestContext).publish(topic, data);
      return true;
    },
    look: ({ ms }, request) => {
      log('look', { ms }, request.signal);
      return new Promise((resolve) => setTimeout(() => resolve(replica), ms));
    },
    open: (_, request) => (log('open', {}, request.signal), { session: sessionId(replica, 'test') }),
    close: ({ session }, request) => (log('close', { session }, request.signal), replica),
    steps: ({ n }, request) => {
      log('steps', { n }, request.signal);
      for (let i = 1; i <= n; i += 1) request.progress({ phase: 'step', loaded: i, total: n });
      return n;
    },
  };
};

export interface Harness {
  bus: Bus;
  calls: Call[];
  workers: FakeWorker[];
}

export function createBus(
  options: { limits?: Partial<ServiceLimits>; setup?: Setup; subscriptions?: Record<string, string> } = {},
): Harness {
  const contract = testContract(options.limits, options.subscriptions);
  const setup = options.setup ?? defaultSetup;
  const calls: Call[] = [];
  const workers: FakeWorker[] = [];
  const spawn = (): ReplicaHost => {
    const { port1, port2 } = new MessageChannel();
    const crashListeners: ((reason: string) => void)[] = [];
    const close = () => (port1.close(), port2.close());
    const worker: FakeWorker = { vanish: close, crash: (reason) => crashListeners.forEach((l) => l(reason)) };
    workers.push(worker);
    serve(
      contract,
      (runtime) => ((worker.id = runtime.init.replicaId), setup(runtime, calls)),
      { endpoint: port2 as unknown as Comlink.Endpoint },
    );
    return {
      endpoint: port1 as unknown as Comlink.Endpoint,
      terminate: close,
      onCrash: (listener) => void crashListeners.push(listener),
    };
  };
  const bus = new Bus([{ contract, spawn }], { modelBase: 'http://localhost/models/' });
  return { bus, calls, workers };
}

let current: Harness | undefined;

/** A fresh bus for one test, closed after it. */
export function setup(...args: Parameters<typeof createBus>): Harness {
  return (current = createBus(...args));
}

afterEach(() => {
  current?.bus.close();
  current = undefined;
});

/** Starts the service and waits until `n` replicas are ready; returns their ids. */
export async function ready(bus: Bus, n = 1): Promise<string[]> {
  if (n === 1) bus.start('test');
  else bus.scale('test', n);
  return vi.waitFor(() => {
    const ids = status(bus)
      .replicas.filter((r) => r.state === 'ready')
      .map((r) => r.id);
    expect(ids).toHaveLength(n);
    return ids;
  });
}

export function status(bus: Bus) {
  const service = bus.services().find((s) => s.name === 'test');
  if (!service) throw new Error('no test service');
  return service;
}

/** Awaits a promise that must reject with an InPageError of `code`; returns the error. */
export async function rejection(promise: Promise<unknown>, code: ErrorCode): Promise<InPageError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected ${code}, got value ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(InPageError);
  expect((error as InPageError).code).toBe(code);
  return error as InPageError;
}

/** Settles a promise into a flag a test can read synchronously. */
export function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: boolean } {
  const tracked = { promise, settled: false };
  promise.then(
    () => (tracked.settled = true),
    () => (tracked.settled = true),
  );
  return tracked;
}
