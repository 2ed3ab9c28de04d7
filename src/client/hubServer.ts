/** The hub's side of one page's MessagePort: every message becomes a call on the hub's own bus. */
import { InPageError } from '../bus';
import type { BusEvents } from '../bus';
import { collectTransferables } from '../bus/transfer';
import type { BusLink } from './link';
import type { FromHub, ToHub } from './wire';

const FORWARDED_EVENTS: (keyof BusEvents)[] = ['status', 'progress', 'trace'];

/** Serves `link` to the page at the other end of `port` until the page closes it. */
export function servePort(port: MessagePort, link: BusLink): void {
  const send = (message: FromHub, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  const calls = new Map<number, AbortController>();
  const topics = new Map<string, () => void>();
  const offEvents = FORWARDED_EVENTS.map((name) => link.on(name, (value) => send({ type: 'event', name, value })));

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
        const controller = new AbortController();
        calls.set(data.id, controller);
        const work = link.request(data.service, data.method, data.payload, {
          signal: controller.signal,
          timeoutMs: data.timeoutMs,
          trace: data.trace,
          onProgress: data.progress ? (progress) => send({ type: 'progress', id: data.id, progress }) : undefined,
        });
        void answer(data.id, work).finally(() => calls.delete(data.id));
        break;
      }
      case 'cancel':
        calls.get(data.id)?.abort();
        break;
      case 'admin':
        void answer(data.id, admin(link, data));
        break;
      case 'publish':
        link.publish(data.topic, data.data);
        break;
      case 'subscribe':
        if (!topics.has(data.topic)) topics.set(data.topic, link.subscribe(data.topic, (value) => send({ type: 'topic', topic: data.topic, data: value })));
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
  send({ type: 'ready' });
}

async function admin(link: BusLink, message: Extract<ToHub, { type: 'admin' }>): Promise<unknown> {
  const service = message.service ?? '';
  switch (message.op) {
    case 'services':
      return link.services();
    case 'scale':
      return link.scale(service, Number(message.arg));
    case 'start':
      return link.start(service);
    case 'kill':
      return link.kill(service, String(message.arg));
  }
}
