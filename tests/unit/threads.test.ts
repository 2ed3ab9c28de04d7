/** WASM threads per replica: only where the page is cross-origin isolated, and said in words either way. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseThreads, wasmThreads } from '../../src/runtime/backends/threads';

afterEach(() => vi.unstubAllGlobals());

describe('chooseThreads', () => {
  it('stays single-threaded where the page is not cross-origin isolated, even when threads are asked for', () => {
    vi.stubGlobal('crossOriginIsolated', false);
    expect(chooseThreads({ threads: 4 })).toMatchObject({ threads: 1, isolated: false, note: expect.stringContaining('not cross-origin isolated') });
    expect(wasmThreads()).toBe(1);
  });

  it('where isolated: one thread on 2 cores (what the bench chose), half the cores up to 4 on more, a forced count over both', () => {
    vi.stubGlobal('crossOriginIsolated', true);
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    expect(chooseThreads({})).toMatchObject({ threads: 1, note: '1 WASM thread per replica (cross-origin isolated, 2 cores)' });
    vi.stubGlobal('navigator', { hardwareConcurrency: 6 });
    expect(chooseThreads({}).threads).toBe(3);
    vi.stubGlobal('navigator', { hardwareConcurrency: 16 });
    expect(chooseThreads({}).threads).toBe(4);
    expect(chooseThreads({ threads: 3 })).toMatchObject({ threads: 3, note: '3 WASM threads (forced)' });
    expect(wasmThreads()).toBe(3);
  });
});
