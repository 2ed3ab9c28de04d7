/**
 * Which origins a deployed hub answers, and what each may do: its own origin everything, plus the exact
 * origins listed in embed.config.json. A listed origin gets the service methods; `storage` (the person's
 * stored data) and `admin` (scale, kill, restart, backend) only where its entry grants them.
 */
import { CAPABILITIES, type Capability } from '../core/protocol';

/** An entry is an origin (service methods only) or `{ origin, capabilities: ["storage", "admin"] }`. */
export interface EmbedConfig {
  allowedOrigins: Array<string | { origin: string; capabilities?: Capability[] }>;
}

export interface AllowedOrigin {
  origin: string;
  capabilities: Capability[];
}

/** What a page on `origin` may do, or undefined where it may not connect at all. */
export type OriginPolicy = (origin: string) => ReadonlySet<Capability> | undefined;

/** Reads the hub's config next to the hub page; a missing or broken file allows only the hub's own origin. */
export async function loadAllowlist(configUrl: URL, own: string): Promise<OriginPolicy> {
  let listed: AllowedOrigin[] = [];
  try {
    const response = await fetch(configUrl, { cache: 'no-cache' });
    if (response.ok) listed = parseConfig(await response.json());
    else console.warn(`InPage hub: ${configUrl.href} answered ${response.status}; only ${own} may connect.`);
  } catch (error) {
    console.warn(`InPage hub: ${configUrl.href} could not be read (${String(error)}); only ${own} may connect.`);
  }
  const allowed = new Map(listed.map(({ origin, capabilities }) => [origin, new Set(capabilities)]));
  // The hub's own pages could run the bus themselves: nothing to hold back from them.
  allowed.set(own, new Set(CAPABILITIES));
  return (origin) => allowed.get(origin);
}

export function parseConfig(json: unknown): AllowedOrigin[] {
  const entries = (json as Partial<EmbedConfig> | null)?.allowedOrigins;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry): AllowedOrigin[] => {
    const raw = typeof entry === 'object' && entry !== null ? (entry as { origin?: unknown }).origin : entry;
    const origin = normaliseOrigin(raw);
    if (typeof origin !== 'string') return drop(entry, origin.refused);
    const granted = typeof entry === 'object' && entry !== null ? (entry as { capabilities?: unknown }).capabilities : undefined;
    return [{ origin, capabilities: readCapabilities(origin, granted) }];
  });
}

/**
 * The origin the browser would report for `entry` (scheme, host, port), or why it is refused. `null` is
 * checked after normalising: typos such as "localhost:5173" or "shop.example:443" parse as a URL with an
 * opaque origin, and "null" is what every sandboxed frame reports.
 */
function normaliseOrigin(entry: unknown): string | { refused: string } {
  if (typeof entry !== 'string') return { refused: 'it is not a string' };
  if (entry.includes('*')) return { refused: 'wildcards are not allowed; list exact origins' };
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return { refused: 'it is not a URL' };
  }
  if (url.origin === 'null') return { refused: 'it has no origin (write it as https://host[:port])' };
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return { refused: 'only https origins are allowed (http only for localhost and 127.0.0.1)' };
  }
  return url.origin;
}

function readCapabilities(origin: string, granted: unknown): Capability[] {
  if (granted === undefined) return [];
  if (!Array.isArray(granted)) {
    console.warn(`InPage hub: embed.config.json: the capabilities of ${origin} are not a list; it gets the service methods only.`);
    return [];
  }
  return granted.filter((name): name is Capability => {
    const known = (CAPABILITIES as readonly unknown[]).includes(name);
    if (!known) console.warn(`InPage hub: embed.config.json: unknown capability ${JSON.stringify(name)} for ${origin} ignored (known: ${CAPABILITIES.join(', ')}).`);
    return known;
  });
}

function drop(entry: unknown, reason: string): [] {
  console.warn(`InPage hub: embed.config.json entry ${JSON.stringify(entry)} ignored: ${reason}.`);
  return [];
}
