/**
 * What the bus does for a request or a session when a replica goes: an idempotent request is tried once
 * more elsewhere, a retiring replica keeps its live sessions to their end, and a replica past its memory
 * budget is replaced after its work. Real replicas (serve()) behind the real bus.
 */
import { describe, expect, it, vi } from 'vitest';
import { HeldSessions, SESSION_LAPSE_MS } from '../../src/bus/sessions';
import { defaultSetup, ready, rejection, status, setup } from './harness';

describe('a replica that crashes holding a request', () => {
  it('hands an idempotent request to another replica, which answers it', async () => {
    const { bus, calls } = setup();
    await ready(bus, 2);
    const answer = bus.request('test', 'look', { ms: 500 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const victim = calls[0]!.replica;
    bus.kill('test', victim);
    const servedBy = await answer;
    expect(servedBy).not.toBe(victim);
    expect(calls.map((c) => c.method)).toEqual(['look', 'look']);
    expect(status(bus)).toMatchObject({ retried: 1, restarts: 1 });
    expect(bus.recentTraces().at(-1)).toMatchObject({ method: 'look', replica: servedBy, outcome: 'ok' });
  });

  it('with no other replica, the idempotent request waits for the replacement', async () => {
    const { bus, calls } = setup();
    const [first] = await ready(bus);
    const answer = bus.request('test', 'look', { ms: 500 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    bus.kill('test', first!);
    expect(await answer).not.toBe(first);
  });

  it('fails a request not marked idempotent with SERVICE_CRASHED, though another replica is free', async () => {
    const { bus, calls } = setup();
    await ready(bus, 2);
    const inFlight = bus.request('test', 'sleep', { ms: 500 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    bus.kill('test', calls[0]!.replica);
    await rejection(inFlight, 'SERVICE_CRASHED');
    expect(calls.filter((c) => c.method === 'sleep')).toHaveLength(1);
    expect(status(bus).retried).toBe(0);
  });

  it('tries an idempotent request once more, not twice', async () => {
    const { bus, calls } = setup();
    await ready(bus, 2);
    const answer = bus.request('test', 'look', { ms: 1_000 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    bus.kill('test', calls[0]!.replica);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    bus.kill('test', calls[1]!.replica);
    await rejection(answer, 'SERVICE_CRASHED');
    expect(status(bus).retried).toBe(1);
  });

  it('does not retry a request whose payload was moved into the dead worker (a transferred buffer)', async () => {
    const { bus, calls } = setup();
    await ready(bus, 2);
    const answer = bus.request('test', 'look', { ms: 500, bytes: new ArrayBuffer(16) });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    bus.kill('test', calls[0]!.replica);
    await rejection(answer, 'SERVICE_CRASHED');
  });
});

describe('a retiring replica holding a session', () => {
  it('serves the session to its end after a restart, then stops', async () => {
    const { bus } = setup();
    const [first] = await ready(bus);
    const { session } = (await bus.request('test', 'open', {})) as { session: string };
    bus.restart('test');
    // Replaced for new work, yet the session's calls still reach the replica that holds it.
    const [second] = await vi.waitFor(() => {
      const fresh = status(bus).replicas.filter((r) => r.id !== first && r.state === 'ready').map((r) => r.id);
      expect(fresh).toHaveLength(1);
      return fresh;
    });
    expect(await bus.request('test', 'whoami', {})).toBe(second);
    for (let i = 0; i < 3; i += 1) expect(await bus.request('test', 'whoami', { session })).toBe(first);
    expect(status(bus).replicas.find((r) => r.id === first)).toMatchObject({ retiring: true });
    expect(await bus.request('test', 'close', { session })).toBe(first);
    await vi.waitFor(() => expect(status(bus).replicas.map((r) => r.id)).toEqual([second]));
  });

  it('when scaled down, keeps the replica with a session and retires the other', async () => {
    const { bus, calls } = setup();
    await ready(bus, 2);
    // One replica busy, so the session opens in the other, the one a scale-down by load alone would pick.
    const busy = bus.request('test', 'sleep', { ms: 300 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const { session } = (await bus.request('test', 'open', {})) as { session: string };
    const holder = session.slice(0, session.indexOf('/'));
    expect(holder).not.toBe(calls[0]!.replica);
    bus.scale('test', 1);
    await busy;
    await vi.waitFor(() => expect(status(bus).replicas.map((r) => r.id)).toEqual([holder]));
    expect(await bus.request('test', 'whoami', { session })).toBe(holder);
  });

  it('writes what it still holds (Runtime.beforeStop) before it stops, and is no crash', async () => {
    const flushed: string[] = [];
    const { bus } = setup({
      setup: async (runtime, calls) => {
        runtime.beforeStop(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          flushed.push(runtime.init.replicaId);
        });
        return defaultSetup(runtime, calls);
      },
    });
    const [first] = await ready(bus);
    bus.restart('test');
    await vi.waitFor(() => expect(flushed).toEqual([first]));
    expect(await bus.request('test', 'whoami', {})).not.toBe(first);
    expect(status(bus).restarts).toBe(0);
  });

  it('lets a session its page stopped feeding lapse', () => {
    const sessions = new HeldSessions('test-1');
    const opens = { args: [], input: undefined as never, session: 'opens' } as const;
    sessions.noteAnswer(opens, { session: 'test-1/captions-1-ab' }, 0);
    sessions.noteAnswer(opens, { session: 'test-2/captions-1-cd' }, 0);
    expect(sessions.any(SESSION_LAPSE_MS - 1)).toBe(true);
    expect(sessions.any(SESSION_LAPSE_MS)).toBe(false);
  });
});

describe('a replica past its memory budget', () => {
  /** Each replica's memory grows by 100 bytes per `look`, as a leak would. */
  const leaking = { memoryBudgetBytes: 150 };
  const leakySetup: Parameters<typeof setup>[0] = {
    limits: leaking,
    setup: async (runtime, calls) => {
      let bytes = 0;
      runtime.measureMemory(() => bytes);
      const handlers = await defaultSetup(runtime, calls);
      return { ...handlers, look: (payload, request) => ((bytes += 100), handlers.look(payload, request)) };
    },
  };

  it('is replaced after answering its in-flight request; the next call answers on the new replica', async () => {
    const { bus } = setup(leakySetup);
    const [first] = await ready(bus);
    expect(await bus.request('test', 'look', { ms: 0 })).toBe(first); // 100 bytes: within the budget
    const inFlight = bus.request('test', 'look', { ms: 600 }); // 200 bytes, seen by the next heartbeat
    await vi.waitFor(() => expect(status(bus).replicas.find((r) => r.id === first)).toMatchObject({ retiring: true }));
    expect(await inFlight).toBe(first);
    const next = await bus.request('test', 'look', { ms: 0 });
    expect(next).not.toBe(first);
    expect(status(bus)).toMatchObject({ recycled: 1, restarts: 1 });
  });

  it('is not replaced before it has answered anything (a model that alone passes the budget would loop)', async () => {
    const { bus } = setup({ ...leakySetup, limits: { memoryBudgetBytes: 0 } });
    const [first] = await ready(bus);
    await new Promise((resolve) => setTimeout(resolve, 300)); // several heartbeats
    expect(status(bus)).toMatchObject({ recycled: 0, replicas: [{ id: first, retiring: false }] });
  });
});
