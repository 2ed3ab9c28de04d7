/**
 * One model catalogue per service: the descriptor's groups are the only list. Workers import no manifest,
 * serve() takes no model list, and what a replica lists and stores offline is exactly its descriptor's
 * groups, reached through the real bus and runtime. Each group takes only its own forced id.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Comlink from 'comlink';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { Bus } from '../../src/bus/bus';
import type { ServiceDescriptor } from '../../src/core/descriptor';
import type { ModelsReport } from '../../src/core/storage';
import { DESCRIPTORS } from '../../src/client/services';
import { catalogueOf } from '../../src/runtime/models/catalogue';
import { installState } from '../../src/runtime/models/installed';
import { parseManifest } from '../../src/runtime/models/manifest';
import { serve, type Handlers, type ServeOptions } from '../../src/runtime/serving/serve';

const text = DESCRIPTORS.find((d) => d.contract.name === 'text')!;
const speech = DESCRIPTORS.find((d) => d.contract.name === 'speech')!;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('one catalogue per service', () => {
  it('has no file under workers/ but a descriptor import a manifest', () => {
    const importsManifest = /(from\s*|import\s*\(\s*)['"][^'"]*models\/[^'"]*\.json['"]/;
    const offenders = filesUnder('workers').filter((file) => !file.endsWith('/service.ts') && importsManifest.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
    // The check itself sees an import when there is one.
    expect(importsManifest.test(readFileSync('workers/image/service.ts', 'utf8'))).toBe(true);
  });

  it('gives serve() no list of models: they come from the descriptor', () => {
    expectTypeOf<ServeOptions>().not.toHaveProperty('models');
    for (const file of filesUnder('workers').filter((f) => f.endsWith('/worker.ts'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bmodels:/);
    }
  });

  afterEach(() => vi.restoreAllMocks());

  it.each(DESCRIPTORS.map((d) => [d.contract.name, d] as const))('lists, for %s, exactly its descriptor’s groups as what it stores offline', async (name, descriptor) => {
    const bus = busOf(descriptor);
    try {
      bus.start(name);
      const report = (await vi.waitFor(() => bus.request(name, 'offlineModels', {}), { timeout: 5_000 })) as ModelsReport;
      const groups = descriptor.modelGroups ?? [];
      const ids = groups.flatMap((g) => g.models.map((m) => m.id));
      expect(report.models.filter((m) => m.default).map((m) => m.id)).toEqual(ids.filter((id, i) => ids.indexOf(id) === i));
      // A group of alternatives is shown as one, under its first model's id.
      for (const group of groups.filter((g) => g.models.length > 1)) {
        const first = report.models.find((m) => m.id === group.models[0]!.id)!;
        expect(first.group).toBe(group.models[0]!.id);
      }
      expect(report.ready).toBe(groups.length === 0);
      // A hub model this deployment lacks is listed as not installed, with the command, and so does describe().
      // This mirror has no lock (nothing answers there), so no hub model counts as mirrored.
      const lacking = ids.filter((id, i) => ids.indexOf(id) === i && installState(manifestOf(descriptor, id), {}) === 'not installed');
      expect(report.models.filter((m) => m.install).map((m) => m.id)).toEqual(lacking);
      for (const m of report.models.filter((m) => m.install)) expect(m.install).toBe('npm run models:fetch');
      const described = await vi.waitFor(() => {
        const replica = bus.services().find((s) => s.name === name)!.replicas[0]!;
        if (lacking.length) expect(replica.notInstalled).toBeDefined();
        return replica.notInstalled?.models ?? [];
      }, { timeout: 10_000 });
      expect(described).toEqual(lacking);
      if (name === 'image') expect(lacking).toEqual(['mobilenet-v2-1.0-224']);
      if (name === 'text') expect(lacking).toEqual(['text-sentiment-distilbert-sst2', 'text-embedding-minilm-l6', 'text-zero-shot-deberta-xsmall']);
    } finally {
      bus.close();
    }
  });
});

describe('forced models, per group', () => {
  it('forces USE lite for embeddings only, though zero-shot lists it too', () => {
    const catalogue = catalogueOf({ service: 'text', model: 'text-embedding-use-lite', modelGroups: text.modelGroups });
    expect(catalogue.group('embeddings').forced).toBe('text-embedding-use-lite');
    expect(catalogue.group('zero-shot').forced).toBeUndefined();
    expect(catalogue.group('sentiment').forced).toBeUndefined();
    expect(catalogue.group('zero-shot').models.map((m) => m.id)).toEqual(['text-zero-shot-deberta-xsmall', 'text-embedding-use-lite']);
  });

  it('gives each of speech’s groups its own forced model, and leaves an unforced group to its order', () => {
    const both = catalogueOf({ service: 'speech', models: ['pocketsphinx-en-us', 'speech-commands-inpage-18w'], modelGroups: speech.modelGroups });
    expect(both.group('commands').forced).toBe('speech-commands-inpage-18w');
    expect(both.group('transcription').forced).toBe('pocketsphinx-en-us');
    const one = catalogueOf({ service: 'speech', model: 'pocketsphinx-en-us', modelGroups: speech.modelGroups });
    expect(one.group('commands').forced).toBeUndefined();
  });

  it('refuses a group name the descriptor does not declare, and a manifest that is not one', () => {
    expect(() => catalogueOf({ service: 'text', modelGroups: text.modelGroups }).group('translation')).toThrow(/declares no model group "translation"/);
    expect(() => catalogueOf({ service: 'text', modelGroups: [{ name: 'x', models: [{ id: 'no-files' }] }] })).toThrow();
  });
});

function manifestOf(descriptor: ServiceDescriptor, id: string) {
  return parseManifest(descriptor.modelGroups!.flatMap((g) => g.models).find((m) => m.id === id));
}

/** A real bus over one replica of the service's real runtime (serve() on a MessageChannel), with no handlers of its own. */
function busOf(descriptor: ServiceDescriptor): Bus {
  const spawn = () => {
    const { port1, port2 } = new MessageChannel();
    serve(descriptor.contract, async () => ({}) as Handlers<typeof descriptor.contract>, { endpoint: port2 as unknown as Comlink.Endpoint });
    return { endpoint: port1 as unknown as Comlink.Endpoint, terminate: () => (port1.close(), port2.close()), onCrash: () => undefined };
  };
  return new Bus([{ contract: descriptor.contract, modelGroups: descriptor.modelGroups, spawn }], { modelBase: 'http://127.0.0.1:1/models/' });
}
