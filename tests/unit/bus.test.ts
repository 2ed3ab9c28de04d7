import { describe, expect, it, vi } from 'vitest';
import * as Comlink from 'comlink';
import type { Progress, ReplicaApi, ReplicaInit } from '../../src/core/protocol';
import { serve } from '../../src/runtime/serving/serve';
import { defaultSetup, ready, rejection, status, testContract, track, setup } from './harness';

describe('validation at the bus edge', () => {
  it('rejects a payload that fails the schema before it reaches a replica', async () => {
    const { bus, calls } = setup();
    await ready(bus);
    const error = await rejection(bus.request('test', 'echo', { value: 42 }), 'INVALID_INPUT');
    expect(error.message).toContain('test.echo');
    await rejection(bus.request('test', 'sleep', { ms: -1 }), 'INVALID_INPUT');
    await rejection(bus.request('test', 'echo', undefined), 'INVALID_INPUT');
    // The replica is fine and never saw the bad payloads.
    await expect(bus.request('test', 'echo', { value: 'ok' })).resolves.toBe('ok');
    expect(calls.map((c) => c.payload)).toEqual([{ value: 'ok' }]);
  });

  it('rejects an unknown method or service with INVALID_INPUT', async () => {
    const { bus, calls } = setup();
    expect((await rejection(bus.request('test', 'nope', {}), 'INVALID_INPUT')).message).toContain('"nope"');
    expect((await rejection(bus.request('ghost', 'echo', { value: 'x' }), 'INVALID_INPUT')).message).toContain('"ghost"');
    expect(calls).toEqual([]);
    // Nothing was started for a request that never left.
    expect(status(bus).replicas).toEqual([]);
  });
});

describe('method names that Object already has', () => {
  const inherited = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it('answers INVALID_INPUT at the bus, never INTERNAL', async () => {
    const { bus, calls } = setup();
    for (const method of inherited) {
      expect((await rejection(bus.request('test', method, {}), 'INVALID_INPUT')).message).toContain(`"${method}"`);
    }
    expect(calls).toEqual([]);
  });

  it('answers INVALID_INPUT in the worker, for a caller that posts to it directly', async () => {
    const { port1, port2 } = new MessageChannel();
    serve(testContract(), (runtime) => defaultSetup(runtime, []), { endpoint: port2 as unknown as Comlink.Endpoint });
    const replica = Comlink.wrap<ReplicaApi>(port1 as unknown as Comlink.Endpoint);
    await replica.start({ replicaId: 'direct', service: 'test', modelBase: 'http://localhost/models/' } as ReplicaInit, Comlink.proxy(() => undefined));
    for (const method of inherited) {
      const outcome = await replica.handle({ id: method, service: 'test', method, payload: {}, deadline: Date.now() + 5_000, trace: 't' });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    port1.close();
  });
});

describe('deadlines and cancellation', () => {
  it('rejects with TIMEOUT at the deadline and aborts the handler', async () => {
    const { bus, calls } = setup();
    await ready(bus);
    const started = performance.now();
    // stopMs: like a real handler, it notices the abort at its next batch boundary.
    const request = bus.request('test', 'sleep', { ms: 1_000, stopMs: 10 }, { timeoutMs: 100 });
    const error = await rejection(request, 'TIMEOUT');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error.message).toContain('100 ms');
    await vi.waitFor(() => expect(calls[0]?.signal.aborted).toBe(true));
  });

  // The worker's own deadline timer can fire ~1 ms before the bus's; its answer must still say TIMEOUT.
  it('rejects with TIMEOUT even when the handler stops the instant its signal aborts', async () => {
    const { bus } = setup();
    await ready(bus);
    for (let i = 0; i < 20; i += 1) {
      await rejection(bus.request('test', 'sleep', { ms: 1_000 }, { timeoutMs: 20 }), 'TIMEOUT');
    }
  });

  it('rejects with CANCELLED when the caller aborts mid-request, and the handler stops', async () => {
    const { bus, calls } = setup();
    await ready(bus);
    const controller = new AbortController();
    const request = bus.request('test', 'sleep', { ms: 1_000 }, { signal: controller.signal });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    await rejection(request, 'CANCELLED');
    await vi.waitFor(() => expect(calls[0]?.signal.aborted).toBe(true));
    // The aborted handler freed the replica (concurrency 1), so new work runs at once.
    await expect(bus.request('test', 'echo', { value: 'next' })).resolves.toBe('next');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { bus, calls } = setup();
    await rejection(bus.request('test', 'echo', { value: 'x' }, { signal: AbortSignal.abort() }), 'CANCELLED');
    expect(calls).toEqual([]);
    expect(status(bus).replicas).toEqual([]);
  });

  it('drops a cancelled queued request: it never reaches the replica', async () => {
    const { bus, calls } = setup();
    await ready(bus);
    const running = bus.request('test', 'sleep', { ms: 100 });
    const controller = new AbortController();
    const queued = bus.request('test', 'echo', { value: 'cancelled' }, { signal: controller.signal });
    expect(status(bus).queue).toBe(1);
    controller.abort();
    await rejection(queued, 'CANCELLED');
    expect(status(bus).queue).toBe(0);
    await running;
    await expect(bus.request('test', 'echo', { value: 'after' })).resolves.toBe('after');
    expect(calls.map((c) => c.payload)).toEqual([{ ms: 100 }, { value: 'after' }]);
  });
});

describe('closing', () => {
  it('fails queued and in-flight requests with CANCELLED', async () => {
    const { bus } = setup();
    await ready(bus);
    const requests = [bus.request('test', 'sleep', { ms: 1_000 }), bus.request('test', 'echo', { value: 'queued' })];
    bus.close();
    for (const request of requests) await rejection(request, 'CANCELLED');
  });

  // A closed pool starts no replica: a late request must fail now, not wait out its deadline.
  it('fails a request made after close() at once', async () => {
    const { bus } = setup();
    await ready(bus);
    bus.close();
    await rejection(bus.request('test', 'echo', { value: 'late' }, { timeoutMs: 200 }), 'CANCELLED');
  });
});

describe('backpressure', () => {
  it('answers BUSY at once when the queue is full, and recovers after the work drains', async () => {
    const { bus } = setup(); // 1 replica, concurrency 1, maxQueue 2
    await ready(bus);
    const first = track(bus.request('test', 'sleep', { ms: 200 }));
    const queued = [bus.request('test', 'sleep', { ms: 1 }), bus.request('test', 'sleep', { ms: 1 })];
    expect(status(bus)).toMatchObject({ inFlight: 1, queue: 2 });
    const error = await rejection(bus.request('test', 'echo', { value: 'one too many' }), 'BUSY');
    expect(error.message).toContain('2 requests waiting');
    expect(first.settled).toBe(false); // refused without waiting for anything
    await Promise.all([first.promise, ...queued]);
    await expect(bus.request('test', 'echo', { value: 'room again' })).resolves.toBe('room again');
  });
});

describe('routing', () => {
  it('spreads concurrent work over every replica', async () => {
    const { bus } = setup({ limits: { concurrency: 2, maxQueue: 8 } });
    const ids = await ready(bus, 2);
    const servedBy = await Promise.all(Array.from({ length: 4 }, () => bus.request('test', 'sleep', { ms: 20 })));
    expect(new Set(servedBy)).toEqual(new Set(ids));
  });

  it('sends the next request to the least busy replica', async () => {
    const { bus, calls } = setup({ limits: { concurrency: 2, maxQueue: 8 } });
    await ready(bus, 2);
    const slow = bus.request('test', 'sleep', { ms: 300 });
    const busy = await vi.waitFor(() => {
      expect(calls).toHaveLength(1);
      return calls[0]!.replica;
    });
    // The busy replica still has a free slot, but the idle one has fewer in flight.
    for (let i = 0; i < 3; i += 1) {
      const who = await bus.request('test', 'whoami', {});
      expect(who).not.toBe(busy);
    }
    await expect(slow).resolves.toBe(busy);
  });
});

describe('events', () => {
  it('delivers what a handler publishes to bus subscribers', async () => {
    const { bus } = setup();
    const received: unknown[] = [];
    const unsubscribe = bus.subscribe('test.announced', (data) => received.push(data));
    bus.subscribe('other.topic', () => received.push('wrong topic'));
    await bus.request('test', 'announce', { topic: 'test.announced', data: { n: 1 } });
    await vi.waitFor(() => expect(received).toEqual([{ n: 1 }]));
    unsubscribe();
    await bus.request('test', 'announce', { topic: 'test.announced', data: { n: 2 } });
    await bus.request('test', 'echo', { value: 'flush' });
    expect(received).toEqual([{ n: 1 }]);
  });

  it('turns a message on a subscribed topic into a call of that service, in the same trace', async () => {
    const { bus, calls } = setup({ subscriptions: { 'test.greeting': 'echo' } });
    bus.publish('test.greeting', { value: 'from the page' });
    await vi.waitFor(() => expect(calls.map((c) => c.payload)).toEqual([{ value: 'from the page' }]));

    const sent = await bus.request('test', 'announce', { topic: 'test.greeting', data: { value: 'from a worker' } }, { trace: 'call-42' });
    expect(sent).toBe(true);
    await vi.waitFor(() => expect(calls.at(-1)?.payload).toEqual({ value: 'from a worker' }));
    await vi.waitFor(() => expect(bus.recentTraces().filter((t) => t.trace === 'call-42').map((t) => t.method).sort()).toEqual(['announce', 'echo']));
  });

  it("reports a request's progress to the caller's onProgress", async () => {
    const { bus } = setup();
    const progress: Progress[] = [];
    await expect(bus.request('test', 'steps', { n: 3 }, { onProgress: (p) => progress.push(p) })).resolves.toBe(3);
    await vi.waitFor(() => expect(progress.map((p) => p.loaded)).toEqual([1, 2, 3]));
    expect(progress[0]).toEqual({ phase: 'step', loaded: 1, total: 3 });
  });
});

describe('metrics', () => {
  it('counts requests per service and per replica method', async () => {
    const { bus } = setup({ limits: { maxQueue: 8 } });
    const n = 5;
    await Promise.all(Array.from({ length: n }, (_, i) => bus.request('test', 'echo', { value: `${i}` })));
    await rejection(bus.request('test', 'sleep', { ms: 1_000, stopMs: 10 }, { timeoutMs: 20 }), 'TIMEOUT');
    expect(status(bus).requests).toMatchObject({ count: n + 1, errors: 1 });
    expect(status(bus).requests.p50).toBeGreaterThan(0);
    // Replica numbers arrive with the next heartbeat.
    await vi.waitFor(() => {
      const [replica] = status(bus).replicas;
      expect(replica?.methods.echo).toMatchObject({ count: n, errors: 0 });
      expect(replica?.methods.sleep).toMatchObject({ count: 1, errors: 1 });
    });
  });
});
