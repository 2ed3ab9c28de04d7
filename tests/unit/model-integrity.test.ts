/**
 * The model loader's integrity rules, over real HTTP with real bytes: a public hub's files are taken only
 * when the manifest pins them by sha256 (shards named by model.json too), and without WebCrypto a hash
 * is never taken as checked. The cache is the in-memory IndexedDB the runtime falls back to.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import { loadModelFiles, tfjsShards } from '../../src/runtime/models/models';
import { MODEL_STORE, openServiceDb } from '../../src/runtime/storage/store';

const SHARD = Buffer.from('weights of shard one');
const MODEL_JSON = Buffer.from(JSON.stringify({ weightsManifest: [{ paths: ['group1-shard1of1'], weights: [] }] }));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The commit the test hub serves, named in its URL as a Hugging Face resolve URL names one. */
const REVISION = 'a'.repeat(40);

let server: Server | undefined;
const requested: string[] = [];

afterEach(() => {
  server?.close();
  server = undefined;
  requested.length = 0;
  vi.unstubAllGlobals();
});

/** Serves the two files at http://127.0.0.1:<port>/hub/<revision>/; returns that base. */
async function serveHub(): Promise<string> {
  const files: Record<string, Buffer> = { 'model.json': MODEL_JSON, 'group1-shard1of1': SHARD };
  server = createServer((req, res) => {
    const name = (req.url ?? '').split('/').pop()!;
    requested.push(name);
    const body = files[name];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/hub/${REVISION}/`;
}

function manifest(base: string, files: ModelManifest['files'], id = `m-${Math.random()}`): ModelManifest {
  const revision = /^https?:/.test(base) ? { revision: REVISION } : {};
  return { id, name: 'Test model', service: 'test', task: 'classify', runtime: 'tfjs-graph', license: 'MIT', sources: [{ base, ...revision }], files };
}

async function cachedIds(): Promise<string[]> {
  const db = await openServiceDb('test', 1);
  const keys = (await db.getAllKeys(MODEL_STORE)).map(String);
  db.close();
  return keys;
}

/** The loader's refusal (a test fails if it loads instead). */
async function refusal(m: ModelManifest): Promise<Error & { code?: string }> {
  return load(m).then(
    () => {
      throw new Error('expected the model to be refused');
    },
    (error: Error) => error,
  );
}

async function load(m: ModelManifest) {
  const db = await openServiceDb('test', 1);
  try {
    return await loadModelFiles(m, { db, modelBase: 'http://127.0.0.1:1/models/', discover: tfjsShards, lock: {} });
  } finally {
    db.close();
  }
}

describe('loading from a public hub', () => {
  it('takes the files when every one, shards included, matches its pinned hash, and caches them', async () => {
    const base = await serveHub();
    const m = manifest(base, [
      { path: 'model.json', sha256: sha(MODEL_JSON) },
      { path: 'group1-shard1of1', sha256: sha(SHARD) },
    ]);
    const model = await load(m);
    expect([...model.files.keys()]).toEqual(['model.json', 'group1-shard1of1']);
    expect(await cachedIds()).toContain(m.id);
  });

  it('refuses a shard named by model.json that the manifest does not pin, and caches nothing', async () => {
    const base = await serveHub();
    const m = manifest(base, [{ path: 'model.json', sha256: sha(MODEL_JSON) }]);
    const error = await refusal(m);
    expect(error).toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    expect(error.message).toContain('group1-shard1of1 has no sha256 in the manifest or the lock');
    expect(requested).toEqual(['model.json']);
    expect(await cachedIds()).not.toContain(m.id);
  });

  it('never fetches from a hub whose manifest pins nothing: the model is not installed', async () => {
    const base = await serveHub();
    const error = await refusal(manifest(base, [{ path: 'model.json' }]));
    expect(error.message).toContain('is not installed');
    expect(error.message).toContain('npm run models:fetch');
    expect(requested).toEqual([]);
  });

  it('fails closed without WebCrypto: a pinned file that cannot be checked is refused, not cached as checked', async () => {
    const base = await serveHub();
    vi.stubGlobal('crypto', {});
    const m = manifest(base, [
      { path: 'model.json', sha256: sha(MODEL_JSON) },
      { path: 'group1-shard1of1', sha256: sha(SHARD) },
    ]);
    const error = await refusal(m);
    expect(error.message).toContain('model.json cannot be verified: this page has no WebCrypto');
    vi.unstubAllGlobals();
    expect(await cachedIds()).not.toContain(m.id);
  });
});

describe('loading from the self-hosted mirror', () => {
  it('takes unpinned files from the deployment\'s own server (a relative source)', async () => {
    const base = await serveHub();
    // Relative to modelBase, as manifests write their mirror: here the modelBase is the test server.
    const m = { ...manifest('hub/', [{ path: 'model.json' }]) };
    const db = await openServiceDb('test', 1);
    const model = await loadModelFiles(m, { db, modelBase: new URL('/', base).href, discover: tfjsShards, lock: {} });
    db.close();
    expect([...model.files.keys()]).toEqual(['model.json', 'group1-shard1of1']);
  });
});
