/**
 * Hub models, honestly: a local server on another port stands in for a hub and serves the real bytes of
 * MobileNet v1 0.25 (the copy the project ships). A pinned manifest (an immutable revision and every
 * file's sha256) loads from it; a changed byte is refused and nothing is cached; an unpinned, unmirrored
 * model is skipped with no request at all; `npm run models:fetch` mirrors it and writes the lock the loader
 * then enforces; a model.json naming `..` is refused by both.
 */
import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstThatLoads } from '../../src/runtime/serving/alternatives';
import { installState } from '../../src/runtime/models/installed';
import { parseLock, type ModelLock } from '../../src/runtime/models/lock';
import { parseManifest, type ModelManifest } from '../../src/runtime/models/manifest';
import { loadModelFiles, tfjsShards } from '../../src/runtime/models/models';
import { MODEL_STORE, openServiceDb } from '../../src/runtime/storage/store';

const MODEL_DIR = resolve('models/tfjs/mobilenet-v1-0.25-224-imagenet-f16');
const SHIPPED = parseManifest(JSON.parse(readFileSync('models/mobilenet-v1-0.25-224.json', 'utf8')));
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** What the stand-in hub does besides serving the model's files. */
const hub = { requests: [] as string[], tamper: undefined as string | undefined, override: new Map<string, Buffer>() };
let hubServer: Server;
let hubBase: string;
let tmp: string;

beforeAll(async () => {
  hubServer = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(`/${COMMIT}/`, '');
    hub.requests.push(path);
    const file = resolve(MODEL_DIR, path);
    let body = hub.override.get(path) ?? (file.startsWith(MODEL_DIR) && existsSync(file) ? readFileSync(file) : undefined);
    if (!body) return void res.writeHead(404).end();
    if (path === hub.tamper) body = Buffer.from(body.map((b, i) => (i === 100 ? b ^ 0xff : b)));
    res.writeHead(200, { 'Content-Type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((done) => hubServer.listen(0, '127.0.0.1', done));
  const address = hubServer.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  hubBase = `http://127.0.0.1:${address.port}/${COMMIT}/`;
});

const folders: Server[] = [];
afterAll(() => {
  hubServer.close();
  for (const server of folders) server.close();
});

/** A plain static server for a mirror folder, as a deployment serves /models/; answers its base URL. */
async function serveFolder(root: string): Promise<string> {
  const server = createServer((req, res) => {
    const file = resolve(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1));
    if (!file.startsWith(root) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' }).end(readFileSync(file));
  });
  folders.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}/`;
}

afterEach(() => {
  hub.requests.length = 0;
  hub.tamper = undefined;
  hub.override.clear();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The shipped manifest's model as a hub model: its mirror path, then the stand-in hub at a commit. */
function hubModel(files: ModelManifest['files'], options: { revision?: boolean } = {}): ModelManifest {
  const id = `hub-mobilenet-${Math.random().toString(36).slice(2)}`;
  const source = { base: hubBase, ...(options.revision !== false && { revision: COMMIT }) };
  return parseManifest({ ...SHIPPED, id, sources: [{ base: `${id}/` }, source], files });
}

/** `lock` undefined: the loader reads the mirror's own. */
async function load(manifest: ModelManifest, lock: ModelLock | undefined, modelBase = 'http://127.0.0.1:1/models/') {
  const db = await openServiceDb('hub-test', 1);
  try {
    return await loadModelFiles(manifest, { db, modelBase, discover: tfjsShards, lock });
  } finally {
    db.close();
  }
}

async function cached(id: string): Promise<boolean> {
  const db = await openServiceDb('hub-test', 1);
  const keys = (await db.getAllKeys(MODEL_STORE)).map(String);
  db.close();
  return keys.includes(id);
}

async function refusal(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: Error) => error,
  );
}

describe('a hub model', () => {
  it('loads from the hub when pinned (a commit in its URL and every file hashed), and is cached', async () => {
    const manifest = hubModel(SHIPPED.files);
    expect(installState(manifest, {})).toBe('pinned');
    const model = await load(manifest, {});
    expect(model.origin).toBe(hubBase);
    expect(model.files.size).toBe(SHIPPED.files.length);
    expect(await cached(manifest.id)).toBe(true);
  });

  it('is refused when one byte changed, and nothing of it is cached', async () => {
    const manifest = hubModel(SHIPPED.files);
    hub.tamper = 'weights.bin';
    const error = await refusal(load(manifest, {}));
    expect(error.code).toBe('MODEL_UNAVAILABLE');
    expect(error.message).toContain('weights.bin failed its sha256 check');
    expect(await cached(manifest.id)).toBe(false);
  });

  it('is not installed, and asked for nothing, with hashes but no immutable revision', async () => {
    const manifest = hubModel(SHIPPED.files, { revision: false });
    expect(installState(manifest, {})).toBe('not installed');
    const error = await refusal(load(manifest, {}));
    expect(error).toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    expect(error.message).toContain('is not installed');
    expect(error.message).toContain('npm run models:fetch');
    expect(hub.requests).toEqual([]);
  });

  it('is skipped in its group with no request when not installed, and the next model serves', async () => {
    const lacking = hubModel([{ path: 'model.json' }], { revision: false });
    // The next one is the deployment's own copy: a relative source on the mirror (here, the same test server).
    const own = parseManifest({ ...SHIPPED, id: `${lacking.id}-own`, sources: [{ base: `${COMMIT}/` }] });
    const mirror = new URL('/', hubBase).href;
    const tried: string[] = [];
    const served = await firstThatLoads([lacking, own], (m) => (tried.push(m.id), load(m, {}, mirror)), { service: 'image' });
    expect(tried).toEqual([lacking.id, own.id]);
    expect(served.files.size).toBe(SHIPPED.files.length);
    expect(hub.requests).toHaveLength(SHIPPED.files.length);
    expect(hub.requests).not.toContain(`${lacking.id}/model.json`);
  });

  it('keeps a revision to its URL: a manifest naming one its base does not use is invalid, and so is a branch', () => {
    expect(() => parseManifest({ ...SHIPPED, sources: [{ base: hubBase, revision: 'f'.repeat(40) }] })).toThrow(/segment of its base URL/);
    expect(() => parseManifest({ ...SHIPPED, sources: [{ base: 'https://huggingface.co/x/resolve/main/', revision: 'main' }] })).toThrow(/commit id or a version/);
  });

  it('refuses a model.json that names a file outside the model’s folder, before asking for it', async () => {
    const modelJson = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
    modelJson.weightsManifest[0].paths = ['../../secret'];
    const bytes = Buffer.from(JSON.stringify(modelJson));
    hub.override.set('model.json', bytes);
    const manifest = hubModel([{ path: 'model.json', sha256: createHash('sha256').update(bytes).digest('hex') }]);
    const error = await refusal(load(manifest, {}));
    expect(error.message).toContain('steps outside the model');
    expect(hub.requests).toEqual(['model.json']);
  });
});

// Each run bundles the loader's own rules (models/ts-module.mjs) before it fetches: seconds on a busy machine.
describe('npm run models:fetch', { timeout: 60_000 }, () => {
  /** Runs the real script on a folder holding one manifest; answers its output and the lock it wrote. */
  async function fetchModels(manifest: unknown, lock?: ModelLock) {
    tmp = mkdtempSync(join(tmpdir(), 'inpage-fetch-'));
    writeFileSync(join(tmp, 'model.json'), JSON.stringify(manifest));
    // Where the loader looks for it: at the top of the mirror, the script's default.
    const lockFile = join(tmp, 'mirror', 'models.lock.json');
    if (lock) {
      mkdirSync(join(tmp, 'mirror'));
      writeFileSync(lockFile, JSON.stringify(lock));
    }
    const args = ['models/fetch.mjs', '--manifests', tmp, '--mirror', join(tmp, 'mirror')];
    const run = await promisify(execFile)(process.execPath, args).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    const written = existsSync(lockFile) ? parseLock(JSON.parse(readFileSync(lockFile, 'utf8'))) : {};
    return { ...run, lock: written, mirror: join(tmp, 'mirror') };
  }

  it('mirrors an unpinned hub model, locks the hashes it saw, and the loader then takes it only as locked', async () => {
    // Only its JSON files named, none hashed: the shards come from model.json, as for MobileNet v2.
    const manifest = hubModel([{ path: 'model.json' }, { path: 'labels.json' }]);
    expect(installState(manifest, {})).toBe('not installed');
    const run = await fetchModels(manifest);
    expect(run.output).toContain('locked at sha256');
    expect(run.code, run.output).toBe(0);
    const entry = run.lock[manifest.id]!;
    expect(entry.source).toBe(hubBase);
    expect(Object.keys(entry.files)).toHaveLength(SHIPPED.files.length);
    for (const file of SHIPPED.files) expect(entry.files[file.path]?.sha256, file.path).toBe(file.sha256);
    expect(readFileSync(join(run.mirror, manifest.id, 'weights.bin'))).toEqual(readFileSync(join(MODEL_DIR, 'weights.bin')));

    // Locked, it is installed: from the mirror, whose lock the loader reads itself,
    expect(installState(manifest, run.lock)).toBe('mirrored');
    const mirror = await serveFolder(run.mirror);
    const fromMirror = await load(manifest, undefined, mirror);
    expect(fromMirror.origin).toBe(`${mirror}${manifest.id}/`);
    expect(fromMirror.files.size).toBe(SHIPPED.files.length);
    // and from the hub at its commit, every file held to the lock's hash.
    expect((await load({ ...manifest, id: `${manifest.id}-hub` }, { [`${manifest.id}-hub`]: entry })).origin).toBe(hubBase);
    hub.tamper = 'weights.bin';
    const other = { ...manifest, id: `${manifest.id}-again` };
    const error = await refusal(load(other, { [other.id]: entry }));
    expect(error.message).toContain('weights.bin failed its sha256 check');
    expect(await cached(other.id)).toBe(false);
  });

  it('verifies pinned files, and writes nothing of a model whose bytes do not match', async () => {
    hub.tamper = 'weights.bin';
    const manifest = hubModel(SHIPPED.files);
    const run = await fetchModels(manifest);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/weights.bin: sha256 [0-9a-f]{64}, but the manifest says/);
    expect(existsSync(join(run.mirror, manifest.id))).toBe(false);
    expect(run.lock[manifest.id]).toBeUndefined();
  });

  it('refuses a model.json that lists a `..` path, and writes nothing outside the mirror', async () => {
    const modelJson = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
    modelJson.weightsManifest[0].paths = ['../../../escaped'];
    hub.override.set('model.json', Buffer.from(JSON.stringify(modelJson)));
    hub.override.set('../../../escaped', Buffer.from('outside'));
    const manifest = hubModel([{ path: 'model.json' }]);
    const run = await fetchModels(manifest);
    expect(run.code).toBe(1);
    expect(run.output).toContain('steps outside the model');
    expect(existsSync(join(run.mirror, manifest.id))).toBe(false);
    expect(existsSync(resolve(run.mirror, manifest.id, '../../../escaped'))).toBe(false);
    expect(hub.requests).toEqual(['model.json']);
  });

  it('refuses a file the manifest does not name once the model is locked or lists its shards', async () => {
    const modelJson = JSON.parse(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
    modelJson.weightsManifest[0].paths.push('extra-shard');
    hub.override.set('model.json', Buffer.from(JSON.stringify(modelJson)));
    hub.override.set('extra-shard', Buffer.from('more weights'));
    const manifest = hubModel(SHIPPED.files.map(({ path }) => ({ path })));
    const run = await fetchModels(manifest);
    expect(run.code).toBe(1);
    expect(run.output).toContain('extra-shard is not a file the manifest (or the lock) names');
    expect(hub.requests).not.toContain('extra-shard');
  });
});
