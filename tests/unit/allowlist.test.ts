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
  it('keeps exact origins, normalised as browsers report them, and drops wildcards and junk', () => {
    const origins = parseConfig({
      allowedOrigins: ['https://shop.example/', 'http://127.0.0.1:4451/some/page', '*', 'null', 'not a url', 42, 'HTTPS://Blog.Example'],
    });
    expect(origins).toEqual(['https://shop.example', 'http://127.0.0.1:4451', 'https://blog.example']);
  });

  it('reads nothing from a config without a list', () => {
    expect(parseConfig(null)).toEqual([]);
    expect(parseConfig({ allowedOrigins: 'https://shop.example' })).toEqual([]);
  });
});

describe('loadAllowlist', () => {
  it('allows the hub itself and the listed origins, nothing else', async () => {
    const allowed = await loadAllowlist(await serveConfig(200, '{ "allowedOrigins": ["https://shop.example"] }'), HUB);
    expect(allowed(HUB)).toBe(true);
    expect(allowed('https://shop.example')).toBe(true);
    expect(allowed('https://shop.example.evil')).toBe(false);
    expect(allowed('http://shop.example')).toBe(false);
    expect(allowed('null')).toBe(false);
  });

  it('falls back to the hub alone, with a warning, when the config is missing or broken', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const missing = await loadAllowlist(await serveConfig(404, 'not found'), HUB);
    expect([missing(HUB), missing('https://shop.example')]).toEqual([true, false]);
    server!.close();
    const broken = await loadAllowlist(await serveConfig(200, '{ "allowedOrigins": [ '), HUB);
    expect([broken(HUB), broken('https://shop.example')]).toEqual([true, false]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]![0])).toContain('404');
  });
});
