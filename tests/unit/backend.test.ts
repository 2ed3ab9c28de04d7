/** The backend chooser's rules, on backends whose speed the test sets (the real ones are timed in Chromium). */
import { catalogueOf } from '../../src/runtime/models/catalogue';
import { describe, expect, it } from 'vitest';
import { InPageError } from '../../src/core/errors';
import { chooseBackend, type BackendCandidate, type BackendChoice } from '../../src/runtime/backends/backend';
import { startBackend } from '../../src/runtime/backends/background-backend';
import { boot } from '../../src/runtime/serving/boot';
import { softwareRenderer } from '../../src/runtime/backends/emulated';
import { parseManifest, type ModelManifest } from '../../src/runtime/models/manifest';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';

/** Backends that really switch a shared "active" slot; the warm-up takes the active one's delay. */
function device(delays: Record<string, number | 'missing' | 'throws'>) {
  const state = { active: '', runs: {} as Record<string, number> };
  const candidates: BackendCandidate[] = Object.keys(delays).map((name) => ({
    name,
    activate: async () => {
      if (delays[name] === 'missing') return false;
      state.active = name;
      return true;
    },
  }));
  const warmup = async () => {
    const delay = delays[state.active];
    state.runs[state.active] = (state.runs[state.active] ?? 0) + 1;
    if (delay === 'throws') throw new Error(`${state.active} lost its device`);
    await new Promise((resolve) => setTimeout(resolve, delay as number));
  };
  return { candidates, warmup, state };
}

describe('chooseBackend', () => {
  it('measures every available backend, keeps the fastest, and leaves it active', async () => {
    const { candidates, warmup, state } = device({ wasm: 30, webgl: 5, webgpu: 'missing', cpu: 60 });
    const choice = await chooseBackend({ candidates, warmup, runs: 2 });
    expect(choice.backend).toBe('webgl');
    expect(choice.how).toBe('measured');
    expect(Object.keys(choice.timings).sort()).toEqual(['cpu', 'wasm', 'webgl']);
    expect(choice.timings.webgl).toBeLessThan(choice.timings.wasm!);
    expect(state.active).toBe('webgl');
  });

  it('stops timing a backend whose first run is far slower than the best so far', async () => {
    const { candidates, warmup, state } = device({ wasm: 2, cpu: 150 });
    const choice = await chooseBackend({ candidates, warmup, runs: 3, giveUpFactor: 10 });
    expect(choice.backend).toBe('wasm');
    expect(state.runs).toEqual({ wasm: 4, cpu: 1 });
  });

  it('records why a backend failed its warm-up and chooses among the rest', async () => {
    const { candidates, warmup } = device({ webgpu: 'throws', wasm: 1 });
    const choice = await chooseBackend({ candidates, warmup, runs: 1 });
    expect(choice.backend).toBe('wasm');
    expect(choice.failures).toEqual({ webgpu: 'webgpu lost its device' });
  });

  it('uses a remembered choice without measuring, and a forced one over both', async () => {
    const { candidates, warmup, state } = device({ wasm: 1, cpu: 1 });
    const remembered = { backend: 'cpu', timings: { cpu: 1, wasm: 9 }, how: 'measured' as const };
    expect(await chooseBackend({ candidates, warmup, remembered })).toMatchObject({ backend: 'cpu', how: 'remembered' });
    expect(state.runs).toEqual({ cpu: 1 });
    expect(await chooseBackend({ candidates, warmup, remembered, forced: 'wasm' })).toMatchObject({ backend: 'wasm', how: 'forced' });
  });

  it('refuses a forced backend the device lacks, naming the ones it has', async () => {
    const { candidates, warmup } = device({ wasm: 1, webgpu: 'missing' });
    const error = await chooseBackend({ candidates, warmup, forced: 'webgpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InPageError);
    expect((error as InPageError).code).toBe('INVALID_INPUT');
    expect((error as InPageError).message).toBe('The backend "webgpu" is not available on this device (it knows wasm, webgpu).');
  });
});

/** A runtime whose idle work the test runs by hand, over a settings map standing in for the service's database. */
function idleRuntime(backend?: string) {
  const steps: Array<() => Promise<void>> = [];
  const settings = new Map<string, unknown>();
  const reports: BackendChoice[] = [];
  const runtime = {
    init: { service: 'test', replicaId: 'test-1', modelBase: '/models/', backend },
    group: (name: string) => catalogueOf({ service: 'test' }).group(name),
    progress: () => undefined,
    publish: () => undefined,
    describe: () => undefined,
    measureMemory: () => undefined,
    whenIdle: (step: () => Promise<void>) => void steps.push(step),
    holdIdle: () => () => undefined,
    beforeStop: () => undefined,
    phase: () => undefined,
  } satisfies Runtime;
  const db = { get: async (_: string, key: string) => settings.get(key), put: async (_: string, value: unknown, key: string) => void settings.set(key, value) } as unknown as ServiceDb;
  const runIdle = async () => {
    while (steps.length) await steps.shift()!();
  };
  return { runtime, db, settings, steps, reports, runIdle, report: (c: BackendChoice) => void reports.push({ ...c }) };
}

describe('startBackend (answer first, measure when idle)', () => {
  it('serves at once on the first backend that works, then switches to one proven faster while idle', async () => {
    const { candidates, warmup, state } = device({ wasm: 20, webgl: 2, webgpu: 'missing' });
    const idle = idleRuntime();
    const choice = await startBackend({ ...idle, settingKey: 'backend', label: 'model', candidates, warmup, runs: 2 });
    expect(choice).toMatchObject({ backend: 'wasm', how: 'provisional' });
    expect(state.runs).toEqual({ wasm: 1 }); // one compile run, nothing else timed before the first answer
    expect(idle.steps.length).toBeGreaterThan(0);
    await idle.runIdle();
    expect(state.active).toBe('webgl');
    expect(choice).toMatchObject({ backend: 'webgl', how: 'measured' });
    expect(choice.note).toMatch(/^webgl chosen: .* \(switched from wasm\); wasm dropped: .*; webgpu dropped: not offered by this device$/);
    expect(idle.settings.get('backend')).toMatchObject({ backend: 'webgl', how: 'measured' });
    expect(idle.reports.map((r) => r.how)).toContain('provisional');
  });

  it('keeps the serving backend when no other is clearly faster, and says why each was dropped', async () => {
    const { candidates, warmup, state } = device({ wasm: 5, cpu: 80, webgl: 'throws' });
    const idle = idleRuntime();
    const choice = await startBackend({ ...idle, settingKey: 'backend', label: 'model', candidates, warmup, runs: 2 });
    await idle.runIdle();
    expect(state.active).toBe('wasm');
    expect(choice.backend).toBe('wasm');
    expect(choice.note).toContain('cpu dropped');
    expect(choice.note).toContain('webgl dropped: webgl lost its device');
    expect(state.runs.cpu).toBe(1); // cut short: its first run was far slower than wasm's
  });

  it('never times a software-emulated backend, and says so', async () => {
    const { candidates, warmup, state } = device({ wasm: 5, webgl: 1, cpu: 80 });
    const webgl = candidates.find((c) => c.name === 'webgl')!;
    webgl.emulated = async () => 'software-emulated (SwiftShader)';
    const idle = idleRuntime();
    const choice = await startBackend({ ...idle, settingKey: 'backend', label: 'model', candidates, warmup, runs: 2 });
    await idle.runIdle();
    // webgl would have been fastest here: it is skipped, not measured and lost.
    expect(state.runs.webgl).toBeUndefined();
    expect(choice.backend).toBe('wasm');
    expect(choice.skipped).toEqual({ webgl: 'software-emulated (SwiftShader)' });
    expect(choice.note).toContain('webgl skipped: software-emulated (SwiftShader)');
    expect(idle.settings.get('backend')).toMatchObject({ skipped: { webgl: 'software-emulated (SwiftShader)' } });
    // A forced backend is used even where it is emulated.
    const forced = idleRuntime('webgl');
    expect(await startBackend({ ...forced, settingKey: 'backend', label: 'model', candidates, warmup })).toMatchObject({ backend: 'webgl', how: 'forced' });
  });

  it('starts on a remembered choice without idle work, and on a forced one over it', async () => {
    const { candidates, warmup, state } = device({ wasm: 1, cpu: 1 });
    const idle = idleRuntime();
    idle.settings.set('backend', { backend: 'cpu', timings: { cpu: 1, wasm: 9 }, how: 'measured', note: 'cpu chosen' });
    expect(await startBackend({ ...idle, settingKey: 'backend', label: 'model', candidates, warmup })).toMatchObject({ backend: 'cpu', how: 'remembered' });
    expect(idle.steps).toHaveLength(0);
    const forced = idleRuntime('wasm');
    expect(await startBackend({ ...forced, settingKey: 'backend', label: 'model', candidates, warmup })).toMatchObject({ backend: 'wasm', how: 'forced' });
    expect(state.active).toBe('wasm');
  });
});

describe('a backend that starts a second runtime (startsLater)', () => {
  it('is never what a first answer waits for: a device that remembers it answers on the first other one and moves to it when idle', async () => {
    const { candidates, warmup, state } = device({ wasm: 5, 'onnx-wasm': 1 });
    candidates[1]!.startsLater = true;
    const idle = idleRuntime();
    idle.settings.set('backend', { backend: 'onnx-wasm', timings: { 'onnx-wasm': 1, wasm: 5 }, how: 'measured', note: 'onnx-wasm chosen' });
    const choice = await startBackend({ ...idle, settingKey: 'backend', label: 'model', candidates, warmup });
    expect(choice).toMatchObject({ backend: 'wasm', how: 'provisional' });
    expect(state.runs).toEqual({ wasm: 1 });
    expect(choice.note).toBe("wasm: answering at once; onnx-wasm (remembered from this device's earlier measurement) takes over when idle");
    await idle.runIdle();
    expect(state.active).toBe('onnx-wasm');
    expect(choice).toMatchObject({ backend: 'onnx-wasm', how: 'remembered', note: "onnx-wasm chosen (remembered from this device's earlier measurement)" });
    expect(idle.reports.map((r) => r.backend)).toEqual(['wasm', 'onnx-wasm']);
  });

  it('when the remembered one no longer runs, stays on the first and measures afresh', async () => {
    const { candidates, warmup, state } = device({ wasm: 5, cpu: 50, 'onnx-wasm': 'throws' });
    candidates[2]!.startsLater = true;
    const idle = idleRuntime();
    idle.settings.set('backend', { backend: 'onnx-wasm', timings: { 'onnx-wasm': 1, wasm: 5 }, how: 'measured' });
    const choice = await startBackend({ ...idle, settingKey: 'backend', label: 'model', candidates, warmup, runs: 1 });
    await idle.runIdle();
    expect(state.active).toBe('wasm');
    expect(choice).toMatchObject({ backend: 'wasm', how: 'measured' });
    expect(choice.failures).toMatchObject({ 'onnx-wasm': 'onnx-wasm lost its device' });
    expect(idle.settings.get('backend')).toMatchObject({ backend: 'wasm', how: 'measured' });
  });
});

describe('softwareRenderer', () => {
  it('names the software renderers GPU descriptions mention, and nothing for real GPUs', () => {
    // Chromium's WebGL renderer string without a GPU, and its WebGPU adapter info (vendor, architecture).
    expect(softwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareRenderer('google swiftshader  ')).toBe('SwiftShader');
    expect(softwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeUndefined();
    expect(softwareRenderer('nvidia ampere  ')).toBeUndefined();
  });
});

describe('boot (the one start-up path)', () => {
  const manifest = (id: string) =>
    parseManifest({ id, name: `Model ${id}`, service: 'test', task: 'test', runtime: 'json', license: 'MIT', sources: [{ base: 'models/' }], files: [{ path: 'w.bin' }] });
  const models = [manifest('a'), manifest('b')];
  /** Both models' files already in the service's cache (the fake database answers every store from one map). */
  function cached(idle: ReturnType<typeof idleRuntime>) {
    for (const m of models) idle.settings.set(m.id, { id: m.id, files: { 'w.bin': new ArrayBuffer(m.id === 'a' ? 4 : 8) }, sha256: {}, origin: 'test', cachedAt: 0 });
    return idle;
  }
  /** Opens what `working` names; the others fail as a missing model would. */
  function opener(working: string[], tried: string[]) {
    return async (m: ModelManifest) => {
      tried.push(m.id);
      if (!working.includes(m.id)) throw new InPageError('MODEL_UNAVAILABLE', `${m.id} is missing`, 'test');
      return { id: m.id };
    };
  }

  it('serves the first model of its group that opens, describes it, and tries it first next time', async () => {
    const { candidates, warmup } = device({ wasm: 1 });
    const idle = cached(idleRuntime());
    const tried: string[] = [];
    const warmed: string[] = [];
    const booted = await boot({
      ...idle,
      group: { models, open: opener(['b'], tried), rememberAs: 'model' },
      candidates,
      warmup: async (model) => (warmed.push(model.id), warmup()),
    });
    expect(tried).toEqual(['a', 'b']);
    expect(booted.model).toEqual({ id: 'b' });
    expect(warmed).toEqual(['b']);
    expect(booted.describe()).toMatchObject({ model: 'b', modelBytes: 8, backend: 'wasm' });
    expect(idle.settings.get('model')).toBe('b');

    const again: string[] = [];
    await boot({ ...idle, group: { models, open: opener(['a', 'b'], again), rememberAs: 'model' }, candidates, warmup });
    expect(again).toEqual(['b']);
  });

  it('tries only a forced model, says when the group has no such model, and names every failure', async () => {
    const { candidates, warmup } = device({ wasm: 1 });
    const idle = cached(idleRuntime());
    const tried: string[] = [];
    const forced = await boot({ ...idle, group: { models, open: opener(['a', 'b'], tried), forced: 'b', rememberAs: 'model' }, candidates, warmup });
    expect(tried).toEqual(['b']);
    expect(forced.model).toEqual({ id: 'b' });
    expect(idle.settings.get('model')).toBeUndefined(); // a visit's forced model is not this device's preference

    const unknown = await boot({ ...idle, group: { models, open: opener([], []), forced: 'zzz' }, candidates, warmup }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'INVALID_INPUT', message: 'The test service has no model "zzz".' });
    const none = await boot({ ...idle, group: { models, open: opener([], []) }, candidates, warmup }).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: 'MODEL_UNAVAILABLE', message: 'a is missing b is missing' });
  });

  it('boots a service without a model (it trains its own) on a backend alone', async () => {
    const { candidates, warmup, state } = device({ wasm: 1, cpu: 1 });
    const idle = idleRuntime('cpu');
    const booted = await boot({ ...idle, candidates, warmup, modelName: 'trained in the browser' });
    expect(state.active).toBe('cpu');
    expect(booted.describe()).toMatchObject({ model: 'trained in the browser', backend: 'cpu' });
    expect(booted.describe()).not.toHaveProperty('modelLoadMs');
  });
});
