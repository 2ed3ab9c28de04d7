// Security headers of every response both servers send (scripts/serve.mjs, and Vite's via static.mjs).
// One function, so other headers (COOP/COEP for threads) are added in one place.
import { existsSync, readFileSync } from 'node:fs';

/**
 * What a page of the app may do. `wasm-unsafe-eval` compiles the WASM backends (ONNX Runtime, TF.js,
 * PocketSphinx); nothing needs `unsafe-eval`. `blob:` workers and scripts: TF.js's threaded WASM backend
 * (emscripten pthreads, under cross-origin isolation) starts its workers from a blob and loads that script,
 * and the microphone's AudioWorklet module (workers/speech/client/microphone.ts) is a blob. connect-src allows
 * https because a model missing from the mirror comes
 * from its public hub, which redirects to CDNs on other hosts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data: https:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: data: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-src 'self'",
  "manifest-src 'self'",
];

/**
 * Origins that may frame the hub (embed.html): its own, the exact origins of the deployed embed.config.json
 * (read per request, so editing it needs no restart), and INPAGE_EMBED_FRAME_ORIGINS (space-separated) for a
 * server whose partners are configured elsewhere, such as the test server.
 */
export function hubFrameAncestors(configFile) {
  const listed = [];
  try {
    if (configFile && existsSync(configFile)) {
      const origins = JSON.parse(readFileSync(configFile, 'utf8'))?.allowedOrigins;
      for (const entry of Array.isArray(origins) ? origins : []) {
        // An entry is an origin, or { origin, capabilities } for a partner granted more than the service methods.
        const origin = safeOrigin(typeof entry === 'string' ? entry : entry?.origin);
        if (origin) listed.push(origin);
      }
    }
  } catch {
    // A broken config frames nothing but the hub's own origin, as the hub itself then allows only its own.
  }
  return ["'self'", ...new Set([...listed, ...originsFromEnv('INPAGE_EMBED_FRAME_ORIGINS')])].join(' ');
}

/** Space-separated origins from an environment variable, each checked as safeOrigin does. */
function originsFromEnv(name) {
  return (process.env[name] ?? '').split(/\s+/).map(safeOrigin).filter(Boolean);
}

/** An http(s) origin as CSP wants it, or undefined (wildcards, "null", paths and other schemes are dropped). */
function safeOrigin(entry) {
  try {
    const url = new URL(entry);
    return /^https?:$/.test(url.protocol) && url.origin !== 'null' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The headers of a response: `page` is 'app' for the app's pages (never framed by another site),
 * 'hub' for embed.html (framed by the allowlist), 'other' for scripts, assets and models.
 * Workers take their policy from their script's response, so scripts carry the CSP too.
 */
export function securityHeaders(page = 'other', { embedConfig } = {}) {
  const ancestors = page === 'hub' ? hubFrameAncestors(embedConfig) : page === 'app' ? "'none'" : undefined;
  // A model mirror on another http origin (a LAN host, the test server's stalling mirror) is named in
  // INPAGE_CONNECT_ORIGINS: https mirrors need nothing.
  const mirrors = originsFromEnv('INPAGE_CONNECT_ORIGINS');
  const policy = CONTENT_SECURITY_POLICY.map((rule) => (mirrors.length && rule.startsWith('connect-src') ? `${rule} ${mirrors.join(' ')}` : rule));
  const csp = [...policy, ...(ancestors ? [`frame-ancestors ${ancestors}`] : [])].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(page === 'app' ? { 'X-Frame-Options': 'DENY' } : {}),
  };
}
