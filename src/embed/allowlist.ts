/** Which origins a deployed hub answers: its own, plus the exact origins listed in embed.config.json. */
export interface EmbedConfig {
  /** Exact origins such as `https://shop.example`; no wildcards (a `*` entry is ignored). */
  allowedOrigins: string[];
}

export type OriginCheck = (origin: string) => boolean;

/** Reads the hub's config next to the hub page; a missing or broken file allows only the hub's own origin. */
export async function loadAllowlist(configUrl: URL, own: string): Promise<OriginCheck> {
  let listed: string[] = [];
  try {
    const response = await fetch(configUrl, { cache: 'no-cache' });
    if (response.ok) listed = parseConfig(await response.json());
    else console.warn(`InPage hub: ${configUrl.href} answered ${response.status}; only ${own} may connect.`);
  } catch (error) {
    console.warn(`InPage hub: ${configUrl.href} could not be read (${String(error)}); only ${own} may connect.`);
  }
  const allowed = new Set([own, ...listed]);
  return (origin) => allowed.has(origin);
}

export function parseConfig(json: unknown): string[] {
  const origins = (json as Partial<EmbedConfig> | null)?.allowedOrigins;
  if (!Array.isArray(origins)) return [];
  return origins.flatMap((entry) => {
    if (typeof entry !== 'string' || entry === '*' || entry === 'null') return [];
    try {
      // Normalised the way the browser reports event.origin: scheme, host, port, no path or slash.
      return [new URL(entry).origin];
    } catch {
      return [];
    }
  });
}
