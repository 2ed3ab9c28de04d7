/** The hub's allowlist: exact origins from embed.config.json, served over real HTTP; anything odd allows only the hub itself. */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadAllowlist, parseConfig } from '../../src/embed/allowlist';

const HUB = 'https://toolkit.example';
let server: Server | undefined;

afterEach(() => {
  server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

/** Serves `body` with `status` at /embed.config.json; returns its URL. */
async function serveConfig(status: number, body: string): Promise<URL> {
  server = createServer((_, res) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return new URL(`http://127.0.0.1:${address.port}/embed.config.json`);
}

describe('parseConfig', () => {
  it('keeps exact origins, normalised as browsers report them, and drops wildcards and junk with a warning each', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const origins = parseConfig({
      allowedOrigins: ['https://shop.example/', 'http://127.0.0.1:4451/some/page', '*', 'https://*.example', 'null', 'not a url', 42, 'HTTPS://Blog.Example'],
    });
    expect(origins.map((o) => o.origin)).toEqual(['https://shop.example', 'http://127.0.0.1:4451', 'https://blog.example']);
    expect(warn).toHaveBeenCalledTimes(5);
  });

  it('refuses typos that normalise to the opaque origin "null", which every sandboxed frame reports', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Each of these parses as a URL whose origin is "null".
    const typos = ['localhost:5173', 'shop.example.com:443', 'file:///', 'data:text/html,hi', 'javascript:alert(1)'];
    expect(parseConfig({ allowedOrigins: typos })).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(typos.length);
    expect(String(warn.mock.calls[0]![0])).toContain('"localhost:5173" ignored');
  });

  it('accepts https, and plain http only for localhost and 127.0.0.1', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const origins = parseConfig({
      allowedOrigins: ['http://shop.example', 'ws://shop.example', 'ftp://shop.example', 'http://localhost:5173', 'http://[::1]:8080', 'https://shop.example:8443'],
    });
    expect(origins.map((o) => o.origin)).toEqual(['http://localhost:5173', 'http://[::1]:8080', 'https://shop.example:8443']);
  });

  it('reads capabilities per origin: none unless granted, unknown names dropped', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const origins = parseConfig({
      allowedOrigins: [
        'https://plain.example',
        { origin: 'https://backup.example/', capabilities: ['storage'] },
        { origin: 'https://ops.example', capabilities: ['admin', 'storage', 'root'] },
        { origin: 'https://odd.example', capabilities: 'storage' },
        { origin: 'localhost:5173', capabilities: ['storage'] },
      ],
    });
    expect(origins).toEqual([
      { origin: 'https://plain.example', capabilities: [] },
      { origin: 'https://backup.example', capabilities: ['storage'] },
      { origin: 'https://ops.example', capabilities: ['admin', 'storage'] },
      { origin: 'https://odd.example', capabilities: [] },
    ]);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('reads nothing from a config without a list', () => {
    expect(parseConfig(null)).toEqual([]);
    expect(parseConfig({ allowedOrigins: 'https://shop.example' })).toEqual([]);
  });
});

describe('loadAllowlist', () => {
  it('allows the hub itself and the listed origins, nothing else', async () => {
    const config = { allowedOrigins: ['https://shop.example', 'localhost:5173', { origin: 'https://backup.example', capabilities: ['storage'] }] };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const allowed = await loadAllowlist(await serveConfig(200, JSON.stringify(config)), HUB);
    expect([...allowed(HUB)!].sort()).toEqual(['admin', 'storage']);
    expect([...allowed('https://shop.example')!]).toEqual([]);
    expect([...allowed('https://backup.example')!]).toEqual(['storage']);
    expect(allowed('https://shop.example.evil')).toBeUndefined();
    expect(allowed('http://shop.example')).toBeUndefined();
    expect(allowed('null')).toBeUndefined();
  });

  it('falls back to the hub alone, with a warning, when the config is missing or broken', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const missing = await loadAllowlist(await serveConfig(404, 'not found'), HUB);
    expect([Boolean(missing(HUB)), Boolean(missing('https://shop.example'))]).toEqual([true, false]);
    server!.close();
    const broken = await loadAllowlist(await serveConfig(200, '{ "allowedOrigins": [ '), HUB);
    expect([Boolean(broken(HUB)), Boolean(broken('https://shop.example'))]).toEqual([true, false]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]![0])).toContain('404');
  });
});
