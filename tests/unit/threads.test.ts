/** WASM threads per replica: only where the page is cross-origin isolated, and said in words either way. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseThreads, DEFAULT_THREADS, wasmThreads } from '../../src/runtime/threads';

afterEach(() => vi.unstubAllGlobals());

describe('chooseThreads', () => {
  it('stays single-threaded where the page is not cross-origin isolated, even when threads are asked for', () => {
    vi.stubGlobal('crossOriginIsolated', false);
    expect(chooseThreads({ threads: 4 })).toMatchObject({ threads: 1, isolated: false, note: expect.stringContaining('not cross-origin isolated') });
    expect(wasmThreads()).toBe(1);
  });

  it('uses the default where isolated, never more than the cores, and a forced count over it', () => {
    vi.stubGlobal('crossOriginIsolated', true);
    vi.stubGlobal('navigator', { hardwareConcurrency: 16 });
    expect(chooseThreads({}).threads).toBe(DEFAULT_THREADS);
    vi.stubGlobal('navigator', { hardwareConcurrency: 1 });
    expect(chooseThreads({}).threads).toBe(1);
    expect(chooseThreads({ threads: 3 })).toMatchObject({ threads: 3, note: '3 WASM threads (forced)' });
    expect(wasmThreads()).toBe(3);
  });
});
