/**
 * A model file may not grow past the size its manifest declares: the download is stopped as soon as it
 * does (whether the server says its length or streams without one), reaches the caller as TOO_LARGE naming
 * the file and both sizes, and is not cached.
 */
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import { loadModelFiles } from '../../src/runtime/models/models';
import { firstThatLoads } from '../../src/runtime/serving/alternatives';
import { MODEL_STORE, openServiceDb } from '../../src/runtime/storage/store';

const CHUNK = Buffer.alloc(64 * 1024, 7);
/** How many chunks the streaming server sends at most: far more than any test lets through. */
const CHUNKS = 400;

let server: Server | undefined;
let sent = 0;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
  sent = 0;
});

/** `/sized/big.bin` answers with a Content-Length; `/streamed/big.bin` streams chunks without one. */
async function serve(): Promise<string> {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/sized/')) return void res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': CHUNK.length * 4 }).end(Buffer.concat([CHUNK, CHUNK, CHUNK, CHUNK]));
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    const next = () => {
      if (sent >= CHUNKS || res.destroyed) return void res.end();
      sent += 1;
      res.write(CHUNK, next);
    };
    next();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/`;
}

const manifest = (folder: string): ModelManifest => ({
  id: `m-${Math.random()}`,
  name: 'Test model',
  service: 'test',
  task: 'classify',
  runtime: 'tfjs-graph',
  license: 'MIT',
  // The deployment's own mirror (a relative source): unpinned files are taken, limited by their declared size.
  sources: [{ base: folder }],
  files: [{ path: 'big.bin', bytes: CHUNK.length }],
});

async function attempt(modelBase: string, m: ModelManifest): Promise<{ error?: Error & { code?: string }; cached: string[] }> {
  const db = await openServiceDb('test', 1);
  try {
    // No lock to read (this server streams whatever is asked): the test is about the file's size.
    const error = await loadModelFiles(m, { db, modelBase, lock: {} }).then(
      () => undefined,
      (caught: Error) => caught,
    );
    return { error, cached: (await db.getAllKeys(MODEL_STORE)).map(String).filter((key) => key === m.id) };
  } finally {
    db.close();
  }
}

describe('a model file larger than its manifest declares', () => {
  it('is refused from its Content-Length, naming the file and the size, and nothing is cached', async () => {
    const base = await serve();
    const { error, cached } = await attempt(base, manifest('sized/'));
    expect(error?.code).toBe('TOO_LARGE');
    expect(error?.message).toContain('The model "Test model" was not loaded: ');
    expect(error?.message).toContain(`big.bin is ${(CHUNK.length * 4).toLocaleString('en')} bytes or more, larger than the ${CHUNK.length.toLocaleString('en')} bytes its manifest declares`);
    expect(cached).toEqual([]);
  });

  it('is stopped mid-stream when the server gives no length, long before the server is done', async () => {
    const base = await serve();
    const { error, cached } = await attempt(base, manifest('streamed/'));
    expect(error?.code).toBe('TOO_LARGE');
    expect(error?.message).toMatch(/big\.bin is [\d,]+ bytes or more, larger than/);
    expect(cached).toEqual([]);
    expect(sent).toBeLessThan(CHUNKS / 2);
  });
});

describe('a group of alternative models', () => {
  it('fails with TOO_LARGE when one had a file over its limit and the others were only unavailable', async () => {
    const base = await serve();
    const missing: ModelManifest = { ...manifest('sized/'), id: 'missing', sources: [] };
    const error = await firstThatLoads([missing, manifest('sized/')], (m) => attempt(base, m).then(({ error }) => Promise.reject(error)), { service: 'test' }).catch((caught: Error & { code?: string }) => caught);
    expect(error).toMatchObject({ code: 'TOO_LARGE' });
    expect(error.message).toContain('larger than the');
  });
});
