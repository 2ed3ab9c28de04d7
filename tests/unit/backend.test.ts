/** The backend chooser's rules, on backends whose speed the test sets (the real ones are timed in Chromium). */
import { describe, expect, it } from 'vitest';
import { InPageError } from '../../src/bus/errors';
import { chooseBackend, type BackendCandidate } from '../../src/runtime/backend';

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
