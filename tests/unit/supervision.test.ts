import { describe, expect, it, vi } from 'vitest';
import { InPageError } from '../../src/core/errors';
import { ready, rejection, status, setup } from './harness';

describe('a replica that dies', () => {
  it('fails its in-flight request with SERVICE_CRASHED when killed, and a replacement serves the next', async () => {
    const { bus, calls } = setup();
    const [first] = await ready(bus);
    const inFlight = bus.request('test', 'sleep', { ms: 1_000 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    bus.kill('test', first!);
    const error = await rejection(inFlight, 'SERVICE_CRASHED');
    expect(error.message).toContain(first);
    expect(status(bus).restarts).toBe(1);
    const next = await bus.request('test', 'whoami', {});
    expect(next).not.toBe(first);
    expect(status(bus).replicas.map((r) => r.id)).toEqual([next]);
  });

  it('is declared dead by the heartbeat when it goes silent', async () => {
    const { bus, calls, workers } = setup(); // heartbeat every 50 ms, dead after 1 s of silence
    const [first] = await ready(bus);
    const inFlight = bus.request('test', 'sleep', { ms: 2_000 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    workers[0]!.vanish();
    const error = await rejection(inFlight, 'SERVICE_CRASHED');
    expect(error.message).toContain('missed heartbeats');
    const next = await bus.request('test', 'whoami', {});
    expect(next).not.toBe(first);
  });

  it("fails in-flight work when the host reports a crash (the worker's error event)", async () => {
    const { bus, calls, workers } = setup();
    const [first] = await ready(bus);
    const inFlight = bus.request('test', 'sleep', { ms: 1_000 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    workers[0]!.crash('Uncaught RangeError: out of memory');
    expect((await rejection(inFlight, 'SERVICE_CRASHED')).message).toContain('out of memory');
    expect(await bus.request('test', 'whoami', {})).not.toBe(first);
  });

  it('keeps queued requests for the replacement instead of failing them', async () => {
    const { bus, calls } = setup();
    const [first] = await ready(bus);
    const inFlight = bus.request('test', 'sleep', { ms: 1_000 });
    const queued = bus.request('test', 'whoami', {});
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    bus.kill('test', first!);
    await rejection(inFlight, 'SERVICE_CRASHED');
    const servedBy = await queued;
    expect(servedBy).not.toBe(first);
  });
});

describe('a session in one replica (a sticky method)', () => {
  it('is answered by its own replica, waiting while it is busy though another is free', async () => {
    const { bus, calls } = setup();
    const [first, second] = await ready(bus, 2);
    const busy = bus.request('test', 'sleep', { ms: 300 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const sleeper = calls[0]!.replica;
    const other = sleeper === first ? second! : first!;
    // The session's request waits for its own replica; unpinned work goes to the free one meanwhile.
    const pinned = bus.request('test', 'whoami', { session: `${sleeper}/captions-1` });
    expect(await bus.request('test', 'whoami', {})).toBe(other);
    expect(calls.filter((c) => c.method === 'whoami').map((c) => c.replica)).toEqual([other]);
    expect(await pinned).toBe(sleeper);
    await busy;
    for (const id of [first!, second!]) expect(await bus.request('test', 'whoami', { session: `${id}/listen-1` })).toBe(id);
  });

  it('fails with INVALID_INPUT, naming the replica, once that replica is gone', async () => {
    const { bus, calls } = setup();
    const [first] = await ready(bus);
    const inFlight = bus.request('test', 'sleep', { ms: 1_000 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const queued = bus.request('test', 'whoami', { session: `${first}/captions-1` });
    bus.kill('test', first!);
    await rejection(inFlight, 'SERVICE_CRASHED');
    expect((await rejection(queued, 'INVALID_INPUT')).message).toContain(first);
    await rejection(bus.request('test', 'whoami', { session: `${first}/captions-1` }), 'INVALID_INPUT');
    // The replacement serves everything else.
    expect(await bus.request('test', 'whoami', {})).not.toBe(first);
  });
});

describe('a start that fails', () => {
  it('rejects requests with the typed error and message from setup', async () => {
    const message = 'No model at http://localhost/models/test/model.onnx (got text/html).';
    const { bus, calls, workers } = setup({
      setup: async () => {
        throw new InPageError('MODEL_UNAVAILABLE', message);
      },
    });
    const error = await rejection(bus.request('test', 'echo', { value: 'x' }), 'MODEL_UNAVAILABLE');
    expect(error.message).toBe(message);
    expect(error.service).toBe('test');
    expect(status(bus)).toMatchObject({ state: 'failed', reason: message, replicas: [] });
    // A second request gets the same answer at once, without another start attempt.
    await rejection(bus.request('test', 'echo', { value: 'y' }), 'MODEL_UNAVAILABLE');
    expect(workers).toHaveLength(1);
    expect(calls).toEqual([]);
  });
});
