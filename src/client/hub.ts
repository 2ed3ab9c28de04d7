/**
 * Reaching a hub: a hidden iframe on the toolkit's origin runs the bus and the workers, so every page
 * that embeds InPage shares that origin's models and caches. One postMessage handshake, addressed to
 * the hub's origin only, hands over a MessagePort; everything after travels on that port.
 */
import { InPageError } from '../bus';
import { RemoteBus, type Watchdog } from './remote';
import { HANDSHAKE, WIRE_VERSION, type FromHub, type Hello, type HubBusOptions } from './wire';

type Ready = Extract<FromHub, { type: 'ready' }>;

/** The hub page must load and answer the handshake within this time, together (it only reads its allowlist first). */
const HANDSHAKE_TIMEOUT_MS = 30_000;

/** `onLost` runs if the hub later stops answering (the RemoteBus has then failed its pending work and removed the frame). */
export async function openHub(
  hub: string,
  { backend, models }: HubBusOptions,
  watchdog?: Watchdog,
  onLost?: (error: InPageError) => void,
): Promise<RemoteBus> {
  const url = new URL(hub, location.href);
  // A sandboxed document's frames are sandboxed too: the hub would run with no origin and never answer.
  if (self.origin === 'null') {
    throw new InPageError('FORBIDDEN_ORIGIN', `This document has no origin (a sandboxed frame), so the InPage hub at ${url.origin} cannot serve it. Connect from the page that embeds it.`, undefined, { origin: 'null', hub: url.origin });
  }
  const frame = document.createElement('iframe');
  frame.src = url.href;
  frame.title = 'InPage hub';
  // Where this page is cross-origin isolated, the hub may be too, and then its workers get WASM threads.
  frame.allow = 'cross-origin-isolated';
  frame.hidden = true;
  frame.setAttribute('aria-hidden', 'true');
  frame.style.display = 'none';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  // One limit from the frame's start: a server that accepts the request and never finishes the page must not hang connect().
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InPageError('TIMEOUT', `The InPage hub at ${url.href} did not load and answer within ${HANDSHAKE_TIMEOUT_MS / 1000} s. Is it an InPage embed.html, and is its server up?`)),
      HANDSHAKE_TIMEOUT_MS,
    );
  });
  (document.body ?? document.documentElement).append(frame);
  try {
    await Promise.race([loaded, expired]);
    const { port, ready } = await handshake(frame, url, { backend, models }, expired);
    return new RemoteBus(port, ready, () => frame.remove(), watchdog, onLost);
  } catch (error) {
    frame.remove();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function handshake(frame: HTMLIFrameElement, url: URL, options: HubBusOptions, expired: Promise<never>): Promise<{ port: MessagePort; ready: Ready }> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve, reject) => {
    expired.catch((error: unknown) => {
      port1.close();
      reject(error);
    });
    port1.onmessage = ({ data }: MessageEvent<FromHub>) => {
      port1.onmessage = null;
      if (data.type === 'ready') return resolve({ port: port1, ready: data });
      port1.close();
      reject(data.type === 'refused' ? InPageError.from(data.error) : new InPageError('INTERNAL', `The hub answered the handshake with "${data.type}".`));
    };
    port1.start();
    const hello: Hello = { type: HANDSHAKE, version: WIRE_VERSION, options };
    // Addressed to the hub's origin: if the frame was navigated elsewhere, the port is never delivered.
    frame.contentWindow?.postMessage(hello, url.origin, [port2]);
  });
}
