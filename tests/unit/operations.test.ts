import { describe, expect, it, vi } from 'vitest';
import type { MetricsSample } from '../../src/bus/metrics';
import { groupTraces } from '../../src/app/traces';
import { defaultSetup, ready, rejection, setup, status } from './harness';

describe('live metrics events', () => {
  it('carry the request counts and latency the bus measured, at most about once a second', async () => {
    const { bus } = setup();
    const samples: MetricsSample[] = [];
    bus.events.on('metrics', (sample) => samples.push(sample));
    await ready(bus);
    for (let i = 0; i < 5; i += 1) await bus.request('test', 'sleep', { ms: 20 });
    // Refused at the bus's edge: never reaches a replica, so it is no request error.
    await rejection(bus.request('test', 'nothing', {}), 'INVALID_INPUT');
    await vi.waitFor(() => expect(samples.at(-1)?.requests).toBe(5), { timeout: 3_000 });
    const last = samples.at(-1)!;
    expect(last).toMatchObject({ service: 'test', state: 'ready', replicas: 1, errors: 0, inFlight: 0, queue: 0 });
    expect(last.p50).toBeGreaterThanOrEqual(15);
    expect(last.p99).toBeGreaterThanOrEqual(last.p50);
    // Dozens of status changes happened; samples are throttled, never closer than the interval.
    const gaps = samples.slice(1).map((s, i) => s.at - samples[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(990);
    expect(bus.metricsHistory('test').at(-1)).toEqual(last);
  });

  it('count errors from failed requests', async () => {
    const { bus } = setup();
    await ready(bus);
    await rejection(bus.request('test', 'sleep', { ms: 2_000 }, { timeoutMs: 30 }), 'TIMEOUT');
    await vi.waitFor(() => expect(bus.metricsHistory('test').at(-1)?.errors).toBe(1), { timeout: 3_000 });
  });
});

describe('restarting replicas', () => {
  it('replaces one replica gracefully: its in-flight request still answers, the new one serves next', async () => {
    const { bus, calls } = setup({ limits: { concurrency: 1 } });
    const [first, second] = await ready(bus, 2);
    const inFlight = bus.request('test', 'sleep', { ms: 300 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const busy = calls[0]!.replica;
    bus.restart('test', busy);
    expect(status(bus).replicas.find((r) => r.id === busy)?.retiring).toBe(true);
    expect(await inFlight).toBe(busy);
    const ids = await vi.waitFor(() => {
      const live = status(bus).replicas.filter((r) => r.state === 'ready').map((r) => r.id);
      expect(live).toHaveLength(2);
      expect(live).not.toContain(busy);
      return live;
    });
    expect(ids).toContain(busy === first ? second : first);
    // A graceful restart is not a crash.
    expect(status(bus).restarts).toBe(0);
  });

  it('refuses an unknown replica with INVALID_INPUT', async () => {
    const { bus } = setup();
    await ready(bus);
    expect(() => bus.restart('test', 'test-99')).toThrow(/no running replica "test-99"/);
  });

  it('setBackend hands the new backend to every replacement replica and back to measuring with undefined', async () => {
    const seen: Array<string | undefined> = [];
    const { bus } = setup({
      setup: async (runtime, calls) => {
        seen.push(runtime.init.backend);
        return defaultSetup(runtime, calls);
      },
    });
    await ready(bus, 2);
    bus.setBackend('test', 'cpu');
    await vi.waitFor(() => expect(seen).toEqual([undefined, undefined, 'cpu', 'cpu']));
    await vi.waitFor(() => expect(status(bus).replicas.filter((r) => r.state === 'ready')).toHaveLength(2));
    bus.setBackend('test', undefined);
    await vi.waitFor(() => expect(seen.slice(4)).toEqual([undefined, undefined]));
    expect(await bus.request('test', 'echo', { value: 'still serving' })).toBe('still serving');
  });
});

describe('the trace view’s grouping', () => {
  it('shows a request that fans out over the bus as one trace with both steps', async () => {
    const { bus } = setup({ subscriptions: { 'test.greeting': 'echo' } });
    await ready(bus);
    await bus.request('test', 'announce', { topic: 'test.greeting', data: { value: 'hello there' } });
    await bus.request('test', 'echo', { value: 'on its own' });
    await vi.waitFor(() => expect(bus.recentTraces()).toHaveLength(3));
    const groups = groupTraces(bus.recentTraces());
    expect(groups).toHaveLength(2);
    const fanOut = groups.find((g) => g.steps.length === 2)!;
    expect(fanOut.steps.map((s) => s.method).sort()).toEqual(['announce', 'echo']);
    expect(fanOut.outcome).toBe('ok');
    // The payload sizes add up: the announcement carried the greeting, and so did the delivery.
    expect(fanOut.bytes).toBe('test.greeting'.length + 2 * 'hello there'.length);
    expect(new Set(fanOut.steps.map((s) => s.trace))).toEqual(new Set([fanOut.trace]));
  });
});

describe('idle work (background backend timing)', () => {
  it('waits for a quiet moment, never runs beside a request, and a request waits only for the step under way', async () => {
    const log: string[] = [];
    const { bus } = setup({
      setup: async (runtime, calls) => {
        const handlers = await defaultSetup(runtime, calls);
        for (const name of ['a', 'b']) {
          runtime.whenIdle(async () => {
            log.push(`${name} start`);
            await new Promise((resolve) => setTimeout(resolve, 300));
            log.push(`${name} end`);
          });
        }
        return { ...handlers, echo: ({ value }) => (log.push(`echo ${value}`), value) };
      },
    });
    await ready(bus);
    // Requests keep the replica busy enough that idle work does not start.
    for (let i = 0; i < 3; i += 1) {
      await bus.request('test', 'echo', { value: String(i) });
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(log).toEqual(['echo 0', 'echo 1', 'echo 2']);
    await vi.waitFor(() => expect(log).toContain('a start'), { timeout: 4_000 });
    // A request that arrives during step a is answered after a ends, before b starts.
    await bus.request('test', 'echo', { value: 'late' });
    expect(log.slice(3, 6)).toEqual(['a start', 'a end', 'echo late']);
    await vi.waitFor(() => expect(log).toContain('b end'), { timeout: 4_000 });
  });

  it('does not start while a live session holds the replica, however long it is quiet', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const { bus } = setup({
      setup: async (runtime, calls) => {
        const handlers = await defaultSetup(runtime, calls);
        runtime.whenIdle(async () => void log.push('step'));
        return { ...handlers, echo: ({ value }) => (value === 'hold' ? (release = runtime.holdIdle()) : release(), value) };
      },
    });
    await ready(bus);
    await bus.request('test', 'echo', { value: 'hold' });
    // A listening page, quiet between words, for longer than a replica needs to count as idle.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(log).toEqual([]);
    await bus.request('test', 'echo', { value: 'release' });
    await vi.waitFor(() => expect(log).toEqual(['step']), { timeout: 4_000 });
  });
});
