/**
 * The hub page's script (embed.html): answers handshakes from pages on allowed origins with a port to
 * this frame's bus, and refuses the rest before any worker starts.
 */
import { InPageError } from '../client';
import { servePort } from './hubServer';
import type { BusLike } from '../client/link';
import { createLocalBus } from '../client/shared';
import { HANDSHAKE, WIRE_VERSION, type FromHub, type Hello } from '../client/wire';
import { loadAllowlist } from './allowlist';

const allowlist = loadAllowlist(new URL('embed.config.json', location.href), location.origin);
/** Built on the first accepted page, so a refused page never costs a worker. */
let bus: BusLike | undefined;

window.addEventListener('message', (event: MessageEvent<Hello>) => {
  const port = event.ports[0];
  if (event.data?.type !== HANDSHAKE || !port) return;
  void allowlist.then((allowed) => {
    const grants = allowed(event.origin);
    if (!grants) return refuse(port, event.origin);
    // Only the page that embeds this frame is served: a frame of another allowed origin nested in that
    // page (a sibling of this one) must not join the page's hub and reach what it does.
    if (event.source !== window.parent || window.parent === window) {
      return refuse(port, event.origin, new InPageError('FORBIDDEN_ORIGIN', `The InPage hub at ${location.origin} serves only the page that embeds it; a frame from ${event.origin} inside that page must connect() to a hub of its own.`, undefined, { origin: event.origin, hub: location.origin }));
    }
    if (event.data.version !== WIRE_VERSION) {
      return refuse(port, event.origin, new InPageError('INVALID_INPUT', `This hub speaks wire version ${WIRE_VERSION}, the page ${event.data.version}; load inpage.js from the same server as the hub.`));
    }
    const { models = {} } = event.data.options ?? {};
    // Choosing the backend changes the hub for every page it serves: an admin's choice.
    const backend = grants.has('admin') ? event.data.options?.backend : undefined;
    bus ??= createLocalBus({ modelBase: new URL('/models/', location.href).href, backend, models });
    servePort(port, bus, { origin: event.origin, hub: location.origin, grants });
  });
});

function refuse(port: MessagePort, origin: string, error?: InPageError): void {
  const reason =
    error ??
    new InPageError(
      'FORBIDDEN_ORIGIN',
      `The InPage hub at ${location.origin} does not serve pages from ${origin}. Its operator can add "${origin}" to allowedOrigins in embed.config.json.`,
      undefined,
      { origin, hub: location.origin },
    );
  const message: FromHub = { type: 'refused', error: reason.toJSON() };
  port.postMessage(message);
  port.close();
}
