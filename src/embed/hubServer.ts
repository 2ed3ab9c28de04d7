/** The hub's side of one page's MessagePort: every message becomes a call on the hub's own bus. */
import { InPageError } from '../bus';
import type { BusEvents } from '../bus';
import type { Capability, MethodSpec } from '../core/protocol';
import { storageMethods } from '../core/storage';
import { collectTransferables } from '../core/transfer';
import type { BusLike } from '../client/link';
import { SERVICES } from '../client/registry';
import type { FromHub, ToHub } from '../client/wire';

type AdminOp = Extract<ToHub, { type: 'admin' }>['op'];

/**
 * What the hub asks of a page beyond the contracts: `prepare` fills the person's storage with downloads,
 * and topics carry what other pages' calls published.
 */
const HUB_METHOD_NEEDS: Readonly<Record<string, Capability>> = { prepare: 'storage' };
const TOPICS_NEED: Capability = 'storage';

/** Topics one page may hold at once: each costs the hub a subscription for as long as the page stays. */
export const MAX_TOPICS_PER_PAGE = 64;

/** Admin operations a page needs `admin` for; `start` only does early what the first call would. */
const ADMIN_OPS: ReadonlySet<AdminOp> = new Set(['scale', 'kill', 'restart', 'setBackend']);

/** Who is at the other end of the port: its origin and what embed.config.json grants it. */
export interface Peer {
  origin: string;
  hub: string;
  grants: ReadonlySet<Capability>;
}

const FORWARDED_EVENTS: (keyof BusEvents)[] = ['status', 'progress', 'trace', 'metrics'];

/** Serves `bus` to the page at the other end of `port` until the page closes it, within what `peer` is granted. */
export function servePort(port: MessagePort, bus: BusLike, peer: Peer): void {
  const send = (message: FromHub, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  const calls = new Map<number, AbortController>();
  const topics = new Map<string, () => void>();
  const offEvents = FORWARDED_EVENTS.map((name) => bus.events.on(name, (value) => send({ type: 'event', name, value })));
  // A finished request changes a service's numbers without a status event: refresh the page's copy with it.
  offEvents.push(
    bus.events.on('trace', ({ service }) => {
      const status = bus.services().find((s) => s.name === service);
      if (status) send({ type: 'state', status });
    }),
  );

  const answer = (id: number, work: Promise<unknown>) =>
    work.then(
      (value) => {
        // Results are moved back too (buffers, bitmaps); a result that cannot be cloned is the service's bug.
        try {
          send({ type: 'result', id, ok: true, value }, collectTransferables(value));
        } catch (error) {
          send({ type: 'result', id, ok: false, error: InPageError.from(error).toJSON() });
        }
      },
      (error: unknown) => send({ type: 'result', id, ok: false, error: InPageError.from(error).toJSON() }),
    );

  port.onmessage = ({ data }: MessageEvent<ToHub>) => {
    switch (data.type) {
      case 'call': {
        const needed = neededFor(data.service, data.method);
        if (needed && !peer.grants.has(needed)) {
          void answer(data.id, Promise.reject(notGranted(peer, needed, `${data.service}.${data.method}`, data.service)));
          break;
        }
        const controller = new AbortController();
        calls.set(data.id, controller);
        const work = bus.request(data.service, data.method, data.payload, {
          signal: controller.signal,
          timeoutMs: data.timeoutMs,
          trace: data.trace,
          onProgress: data.progress ? (progress) => send({ type: 'progress', id: data.id, progress }) : undefined,
          // Without the storage grant the call leaves the person's stores alone (no history, nothing they taught).
          guest: !peer.grants.has('storage'),
        });
        void answer(data.id, work).finally(() => calls.delete(data.id));
        break;
      }
      case 'cancel':
        calls.get(data.id)?.abort();
        break;
      case 'admin':
        if (ADMIN_OPS.has(data.op) && !peer.grants.has('admin')) void answer(data.id, Promise.reject(notGranted(peer, 'admin', data.op)));
        else void answer(data.id, admin(bus, data));
        break;
      case 'ping':
        send({ type: 'pong' });
        break;
      // Topics are not answered: a page without the grant, or past its share, is simply not served them.
      case 'publish':
        if (peer.grants.has(TOPICS_NEED)) bus.publish(data.topic, data.data);
        break;
      case 'subscribe':
        if (!peer.grants.has(TOPICS_NEED) || topics.has(data.topic) || topics.size >= MAX_TOPICS_PER_PAGE) break;
        topics.set(data.topic, bus.subscribe(data.topic, (value) => send({ type: 'topic', topic: data.topic, data: value })));
        break;
      case 'unsubscribe':
        topics.get(data.topic)?.();
        topics.delete(data.topic);
        break;
      case 'close':
        // The page left: its unfinished requests must not keep replicas busy.
        for (const controller of calls.values()) controller.abort();
        for (const off of [...offEvents, ...topics.values()]) off();
        port.close();
        break;
    }
  };
  port.start();
  const services = bus.services();
  const metrics = Object.fromEntries(services.map(({ name }) => [name, bus.metricsHistory(name)]));
  send({ type: 'ready', services, traces: bus.recentTraces(), metrics });
}

/** The capability a method needs beyond being allowed at all (its contract's `needs`; every service's storage methods). */
function neededFor(service: string, method: string): Capability | undefined {
  const contract = Object.hasOwn(SERVICES, service) ? SERVICES[service as keyof typeof SERVICES].contract : undefined;
  const methods: Readonly<Record<string, MethodSpec>> = contract?.methods ?? storageMethods;
  if (Object.hasOwn(HUB_METHOD_NEEDS, method)) return HUB_METHOD_NEEDS[method];
  return Object.hasOwn(methods, method) ? methods[method]!.needs : undefined;
}

function notGranted(peer: Peer, capability: Capability, what: string, service?: string): InPageError {
  return new InPageError(
    'FORBIDDEN_ORIGIN',
    `The InPage hub at ${peer.hub} does not let pages from ${peer.origin} call ${what}: it needs the "${capability}" capability, ` +
      `which the hub's operator grants in embed.config.json ({ "origin": "${peer.origin}", "capabilities": ["${capability}"] }).`,
    service,
    { origin: peer.origin, hub: peer.hub, capability },
  );
}

async function admin(bus: BusLike, message: Extract<ToHub, { type: 'admin' }>): Promise<unknown> {
  const { service, arg } = message;
  switch (message.op) {
    case 'scale':
      return bus.scale(service, Number(arg));
    case 'start':
      return bus.start(service);
    case 'kill':
      return bus.kill(service, String(arg));
    case 'restart':
      return bus.restart(service, arg === undefined ? undefined : String(arg));
    case 'setBackend':
      return bus.setBackend(service, arg === undefined ? undefined : String(arg));
  }
}
