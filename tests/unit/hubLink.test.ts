/**
 * The hub's wire: a page-side RemoteBus talking over one MessageChannel to servePort() in front of a
 * real bus and real replicas. Whatever works on a local bus must work the same over the port.
 */
import { describe, expect, it, vi } from 'vitest';
import { CAPABILITIES, type Capability, type Progress } from '../../src/core/protocol';
import { servePort } from '../../src/embed/hubServer';
import { RemoteBus } from '../../src/client/remote';
import type { FromHub } from '../../src/client/wire';
import { ready, rejection, setup } from './harness';

/** A bus from the harness, served to a RemoteBus over a fresh channel once the hub said `ready`. */
async function overPort(options: Parameters<typeof setup>[0] = {}, grants: readonly Capability[] = CAPABILITIES) {
  const harness = setup(options);
  const { port1, port2 } = new MessageChannel();
  servePort(port2, harness.bus, { origin: 'https://partner.example', hub: 'https://toolkit.example', grants: new Set(grants) });
  const first = await new Promise<FromHub>((resolve) => port1.addEventListener('message', (event) => resolve(event.data), { once: true }));
  if (first.type !== 'ready') throw new Error(`the hub answered ${first.type}`);
  let closed = false;
  const remote = new RemoteBus(port1, first, () => (closed = true));
  return { ...harness, remote, isClosed: () => closed };
}

describe('a RemoteBus over a MessagePort', () => {
  it('answers requests, and brings back validation errors as InPageErrors with their code', async () => {
    const { bus, remote, calls } = await overPort();
    await ready(bus);
    await expect(remote.request('test', 'echo', { value: 'hello' })).resolves.toBe('hello');
    const error = await rejection(remote.request('test', 'echo', { value: 42 }), 'INVALID_INPUT');
    expect(error.message).toContain('test.echo');
    await rejection(remote.request('ghost', 'echo', { value: 'x' }), 'INVALID_INPUT');
    expect(calls.map((c) => c.payload)).toEqual([{ value: 'hello' }]);
  });

  it('refuses an uncloneable payload on the page with INVALID_INPUT, and keeps working', async () => {
    const { bus, remote } = await overPort();
    await ready(bus);
    const error = await rejection(remote.request('test', 'echo', { value: () => 'a function' }), 'INVALID_INPUT');
    expect(error.message).toContain('cannot be sent to the hub');
    await expect(remote.request('test', 'echo', { value: 'still up' })).resolves.toBe('still up');
  });

  it('relays per-request progress and the bus events, and keeps the services and traces on the page', async () => {
    const { bus, remote } = await overPort();
    expect(remote.services()).toMatchObject([{ name: 'test', state: 'idle', replicas: [] }]);
    const statuses: string[] = [];
    remote.events.on('status', (status) => statuses.push(status.state));
    await ready(bus);
    const progress: Progress[] = [];
    await expect(remote.request('test', 'steps', { n: 3 }, { onProgress: (p) => progress.push(p) })).resolves.toBe(3);
    expect(progress.map((p) => p.loaded)).toEqual([1, 2, 3]);
    // The trace and the state arrive before the answer, so the page's copy is current when a call settles.
    expect(remote.recentTraces().map((t) => t.method)).toEqual(['steps']);
    expect(statuses).toContain('ready');
    expect(remote.services()[0]).toMatchObject({ name: 'test', state: 'ready' });
    expect(remote.services()[0]!.requests).toEqual(bus.services()[0]!.requests);
  });

  it('cancels in the hub when the page aborts, and times out with the deadline the page set', async () => {
    const { bus, remote, calls } = await overPort();
    await ready(bus);
    const controller = new AbortController();
    const pending = remote.request('test', 'sleep', { ms: 5_000, stopMs: 10 }, { signal: controller.signal });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    await rejection(pending, 'CANCELLED');
    await vi.waitFor(() => expect(calls[0]!.signal.aborted).toBe(true));
    await rejection(remote.request('test', 'sleep', { ms: 5_000, stopMs: 10 }, { timeoutMs: 100 }), 'TIMEOUT');
    await rejection(remote.request('test', 'echo', { value: 'x' }, { signal: AbortSignal.abort() }), 'CANCELLED');
  });

  it('carries pub/sub both ways, once per topic however many handlers', async () => {
    const { bus, remote } = await overPort({ subscriptions: { 'test.greeting': 'echo' } });
    await ready(bus);
    const heard: unknown[] = [];
    const offA = remote.subscribe('test.announced', (data) => heard.push(['a', data]));
    const offB = remote.subscribe('test.announced', (data) => heard.push(['b', data]));
    await remote.request('test', 'announce', { topic: 'test.announced', data: 1 });
    await vi.waitFor(() => expect(heard).toEqual([['a', 1], ['b', 1]]));
    offA();
    await remote.request('test', 'announce', { topic: 'test.announced', data: 2 });
    await vi.waitFor(() => expect(heard).toHaveLength(3));
    expect(heard[2]).toEqual(['b', 2]);
    offB();
    const seen: unknown[] = [];
    bus.subscribe('test.greeting', (data) => seen.push(data));
    remote.publish('test.greeting', { value: 'from the page' });
    await vi.waitFor(() => expect(seen).toEqual([{ value: 'from the page' }]));
  });

  it('on close fails what is pending with CANCELLED, aborts it in the hub and refuses new calls', async () => {
    const { bus, remote, calls, isClosed } = await overPort();
    await ready(bus);
    const pending = remote.request('test', 'sleep', { ms: 5_000, stopMs: 10 });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    remote.close();
    await rejection(pending, 'CANCELLED');
    await vi.waitFor(() => expect(calls[0]!.signal.aborted).toBe(true));
    await rejection(remote.request('test', 'echo', { value: 'x' }), 'CANCELLED');
    expect(isClosed()).toBe(true);
  });

  it('mirrors a service status and its metrics samples, and restarts replicas in the hub', async () => {
    const { bus, remote } = await overPort();
    const [first] = await ready(bus);
    await remote.request('test', 'echo', { value: 'x' });
    expect(remote.status('test')).toEqual(bus.status('test'));
    expect(() => remote.status('ghost')).toThrow('There is no service named "ghost"');
    await vi.waitFor(() => expect(remote.metricsHistory('test').at(-1)).toEqual(bus.metricsHistory('test').at(-1)));
    expect(remote.metricsHistory('test').length).toBeGreaterThan(0);
    remote.restart('test');
    await vi.waitFor(() => {
      const replicas = remote.status('test').replicas.filter((r) => r.state === 'ready');
      expect(replicas.map((r) => r.id)).not.toContain(first);
      expect(replicas).toHaveLength(1);
    });
  });

  it('gives up on its own, with TIMEOUT, when the hub is gone past the deadline', async () => {
    // A port whose other end nobody serves: a hub frame that crashed after the handshake.
    const { port1 } = new MessageChannel();
    const remote = new RemoteBus(port1, { type: 'ready', services: [], traces: [], metrics: {} }, undefined, { timeoutMs: () => 30, graceMs: 20 });
    const error = await rejection(remote.request('test', 'echo', { value: 'x' }), 'TIMEOUT');
    expect(error.message).toContain('did not answer within 50 ms');
    await rejection(remote.request('test', 'echo', { value: 'x' }, { timeoutMs: 10 }), 'TIMEOUT');
    remote.close();
  });

  it('scales services in the hub; a bad count rejects as a local bus throws', async () => {
    const { bus, remote } = await overPort();
    await remote.scale('test', 2);
    expect(remote.services()[0]!.targetReplicas).toBe(2);
    await ready(bus, 2);
    await rejection(remote.scale('test', 99), 'INVALID_INPUT');
  });

  it('answers a partner without grants the service methods only: storage and admin get FORBIDDEN_ORIGIN', async () => {
    const { bus, remote } = await overPort({}, []);
    await ready(bus);
    await expect(remote.request('test', 'echo', { value: 'allowed' })).resolves.toBe('allowed');
    const exported = await rejection(remote.request('test', 'exportData', {}), 'FORBIDDEN_ORIGIN');
    expect(exported.message).toContain('"storage" capability');
    expect(exported.details).toMatchObject({ origin: 'https://partner.example', capability: 'storage' });
    await rejection(remote.request('test', 'clearData', {}), 'FORBIDDEN_ORIGIN');
    const scaled = await rejection(remote.scale('test', 2), 'FORBIDDEN_ORIGIN');
    expect(scaled.message).toContain('"admin" capability');
    expect(bus.services()[0]!.targetReplicas).toBe(1);
  });

  it('fails pending work and new calls with HUB_UNAVAILABLE once the hub falls silent, and says so once', async () => {
    // The hub answers the handshake, then its frame disappears: nothing comes back on the port.
    const { port1 } = new MessageChannel();
    const lost: string[] = [];
    let closed = 0;
    const remote = new RemoteBus(
      port1,
      { type: 'ready', services: [], traces: [], metrics: {} },
      () => (closed += 1),
      { timeoutMs: () => 60_000, graceMs: 5_000, heartbeatMs: 20, silenceMs: 100 },
      (error) => lost.push(error.code),
    );
    const call = rejection(remote.request('test', 'sleep', { ms: 5_000 }), 'HUB_UNAVAILABLE');
    const admin = rejection(remote.scale('test', 2), 'HUB_UNAVAILABLE');
    expect((await call).service).toBe('test');
    await admin;
    await rejection(remote.request('test', 'echo', { value: 'x' }), 'HUB_UNAVAILABLE');
    expect(lost).toEqual(['HUB_UNAVAILABLE']);
    remote.close();
    expect(closed).toBe(1);
  });

  it('keeps a live hub: pings are answered, so a quiet connection is not declared lost', async () => {
    const harness = setup();
    const { port1, port2 } = new MessageChannel();
    servePort(port2, harness.bus, { origin: 'https://partner.example', hub: 'https://toolkit.example', grants: new Set() });
    const first = await new Promise<FromHub>((resolve) => port1.addEventListener('message', (event) => resolve(event.data), { once: true }));
    if (first.type !== 'ready') throw new Error(first.type);
    const lost: string[] = [];
    const remote = new RemoteBus(port1, first, undefined, { timeoutMs: () => 5_000, graceMs: 1_000, heartbeatMs: 20, silenceMs: 200 }, (e) => lost.push(e.code));
    await ready(harness.bus);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(remote.request('test', 'echo', { value: 'still here' })).resolves.toBe('still here');
    expect(lost).toEqual([]);
    remote.close();
  });
});
