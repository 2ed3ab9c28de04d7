/**
 * connect() as the script tag offers it: a page on the toolkit's own origin runs the bus itself; a page
 * on any other origin cannot start the toolkit's workers (browsers refuse cross-origin worker scripts),
 * so it goes through the hub page served next to this script.
 */
import { connect as connectHere, type ConnectOptions, type InPage } from '../client';

/** The toolkit's origin is wherever this script was served from (built from the origin so Vite leaves the page alone). */
export const DEFAULT_HUB = `${new URL(import.meta.url).origin}/embed.html`;

export function connect(options: ConnectOptions = {}): Promise<InPage> {
  const crossOrigin = new URL(import.meta.url).origin !== location.origin;
  return connectHere(options.hub === undefined && crossOrigin ? { ...options, hub: DEFAULT_HUB } : options);
}
