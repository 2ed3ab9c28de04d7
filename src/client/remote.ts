/** A bus that runs elsewhere (a hub iframe), reached over one MessagePort: the SDK's remote link. */
import { InPageError, type BusEvents, type CallOptions, type TraceRecord } from '../bus';
import { Emitter } from '../bus/emitter';
import type { Progress } from '../bus/protocol';
import { collectTransferables } from '../bus/transfer';
import type { BusLink } from './link';
import type { FromHub, ToHub } from './wire';

const TRACE_KEEP = 200;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: InPageError): void;
  onProgress?: (progress: Progress) => void;
}

/** `port` has already answered the handshake with `ready`. `onClose` runs once, after close(). */
export function remoteLink(port: MessagePort, onClose: () => void = () => undefined): BusLink {
  const events = new Emitter<BusEvents>();
  const topics = new Emitter<Record<string, unknown>>();
  const waiting = new Map<number, Waiting>();
  const traces: TraceRecord[] = [];
  const subscribers = new Map<string, number>();
  let serial = 0;
  let closed = false;

  const post = (message: ToHub, transfer: Transferable[] = []) => port.postMessage(message, transfer);

  /** Sends one message that expects a result; `send` may throw (an uncloneable payload). */
  const expect = (send: (id: number) => void, waiter: Omit<Waiting, 'resolve' | 'reject'> = {}, service?: string) =>
    new Promise<unknown>((resolve, reject) => {
      if (closed) throw new InPageError('CANCELLED', 'The connection was closed.', service);
      const id = (serial += 1);
      waiting.set(id, { resolve, reject, ...waiter });
      try {
        send(id);
      } catch (error) {
        waiting.delete(id);
        const reason = error instanceof Error ? error.message : String(error);
        throw new InPageError('INVALID_INPUT', `The request cannot be sent to the hub: ${reason}`, service);
      }
    });

  port.onmessage = ({ data }: MessageEvent<FromHub>) => {
    switch (data.type) {
      case 'result': {
        const waiter = waiting.get(data.id);
        waiting.delete(data.id);
        if (data.ok) waiter?.resolve(data.value);
        else waiter?.reject(InPageError.from(data.error));
        break;
      }
      case 'progress':
        waiting.get(data.id)?.onProgress?.(data.progress);
        break;
      case 'event':
        if (data.name === 'trace') {
          traces.push(data.value as TraceRecord);
          if (traces.length > TRACE_KEEP) traces.shift();
        }
        events.emit(data.name, data.value);
        break;
      case 'topic':
        topics.emit(data.topic, data.data);
        break;
    }
  };
  port.start();

  const request = (service: string, method: string, payload: unknown, options: CallOptions = {}) => {
    const { signal, timeoutMs, trace, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new InPageError('CANCELLED', 'The request was cancelled before it started.', service));
    let id = 0;
    const onAbort = () => post({ type: 'cancel', id });
    signal?.addEventListener('abort', onAbort, { once: true });
    const send = (serialId: number) => {
      id = serialId;
      // Large inputs (buffers, bitmaps, ImageData) are moved to the hub, not copied.
      post({ type: 'call', id, service, method, payload, timeoutMs, trace, progress: Boolean(onProgress) }, collectTransferables(payload));
    };
    return expect(send, { onProgress }, service).finally(() => signal?.removeEventListener('abort', onAbort));
  };

  const admin = (op: Extract<ToHub, { type: 'admin' }>['op'], service?: string, arg?: unknown) =>
    expect((id) => post({ type: 'admin', id, op, service, arg }), {}, service);

  return {
    request,
    start: (service) => void admin('start', service).catch(() => undefined),
    scale: async (service, replicas) => void (await admin('scale', service, replicas)),
    kill: (service, replicaId) => void admin('kill', service, replicaId).catch(() => undefined),
    services: async () => (await admin('services')) as Awaited<ReturnType<BusLink['services']>>,
    traces: () => [...traces],
    on: (event, handler) => events.on(event, handler),
    publish: (topic, data) => post({ type: 'publish', topic, data }),
    subscribe: (topic, handler) => {
      // The hub forwards a topic once however many handlers this page has on it.
      const count = subscribers.get(topic) ?? 0;
      if (count === 0) post({ type: 'subscribe', topic });
      subscribers.set(topic, count + 1);
      const off = topics.on(topic, handler);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        off();
        const left = (subscribers.get(topic) ?? 1) - 1;
        subscribers.set(topic, left);
        if (left === 0 && !closed) post({ type: 'unsubscribe', topic });
      };
    },
    close: () => {
      if (closed) return;
      closed = true;
      post({ type: 'close' });
      for (const waiter of waiting.values()) waiter.reject(new InPageError('CANCELLED', 'The connection was closed.'));
      waiting.clear();
      events.clear();
      topics.clear();
      port.close();
      onClose();
    },
  };
}
