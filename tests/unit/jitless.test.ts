/**
 * The app's CSP has no 'unsafe-eval', and Firefox reports zod's `new Function` probe as a page error. zod
 * decides when an object schema is built, so the first module to build one must already have set jitless:
 * here the bus's storage methods, which protocol.ts imports before its own body runs.
 */
import { afterEach, expect, test } from 'vitest';

const original = globalThis.Function;
afterEach(() => {
  globalThis.Function = original;
});

test('no zod schema probes eval, from the first one the bus builds', async () => {
  const probes: unknown[][] = [];
  globalThis.Function = new Proxy(original, {
    apply: (target, self, args) => (probes.push(args), Reflect.apply(target, self, args)),
    construct: (target, args) => (probes.push(args), Reflect.construct(target, args)),
  });
  const { storageMethods } = await import('../../src/core/storage');
  await import('../../src/core/protocol');
  const { z } = await import('zod');
  storageMethods.offlineModels.input.parse({});
  z.object({ a: z.string() }).parse({ a: 'b' });
  expect(probes).toEqual([]);
});
