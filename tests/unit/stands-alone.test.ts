/**
 * The project stands alone: the models every capability needs ship with it, byte for byte what their
 * manifests pin, and nothing it runs reads a folder beside the checkout.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import shipped from 'virtual:inpage-shipped-models';
import { shippedManifests } from '../../scripts/shipped-models.mjs';
import { DESCRIPTORS } from '../../src/client/services';

const MANIFESTS = shippedManifests();
/** The folder beside the checkout that holds the build machine's copies, spelled so this file does not name it. */
const NAME = 'sha' + 'red';
/** It written as a path, or as the parts of one (`join(root, '..', NAME)`). */
const BESIDE = [`../${NAME}`, new RegExp(`['"]\\.\\.['"],\\s*['"]${NAME}['"]`)];

describe('the project stands alone', () => {
  it('has no tracked file outside the documentation that refers to the folder beside it', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
    const code = tracked.filter((path) => !path.endsWith('.md') && !path.startsWith('docs/') && existsSync(path));
    const referring = code.filter((path) => {
      const text = readFileSync(path, 'latin1');
      return BESIDE.some((pattern) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)));
    });
    expect(referring).toEqual([]);
  });

  it('ships every file of each shipped model, each with the bytes and sha256 its manifest pins', () => {
    expect(MANIFESTS.length).toBeGreaterThan(0);
    for (const manifest of MANIFESTS) {
      for (const file of manifest.files) {
        const path = join(manifest.folder, file.path);
        expect(existsSync(path), `${manifest.id}: ${file.path}`).toBe(true);
        const bytes = readFileSync(path);
        expect({ id: manifest.id, path: file.path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({
          id: manifest.id,
          path: file.path,
          bytes: file.bytes,
          sha256: file.sha256,
        });
      }
    }
  });

  it('lists every weight shard a shipped TF.js model.json names, so the build carries them all', () => {
    for (const manifest of MANIFESTS.filter((m) => m.files[0]!.path === 'model.json')) {
      const model = JSON.parse(readFileSync(join(manifest.folder, 'model.json'), 'utf8')) as { weightsManifest?: { paths: string[] }[] };
      const shards = (model.weightsManifest ?? []).flatMap((group) => group.paths);
      expect(shards.filter((path) => !manifest.files.some((f) => f.path === path)), manifest.id).toEqual([]);
    }
  });

  it('builds a URL into every bundle for each file of each shipped model', () => {
    expect(Object.keys(shipped).sort()).toEqual(MANIFESTS.map((m) => m.id).sort());
    for (const manifest of MANIFESTS) expect(Object.keys(shipped[manifest.id]!)).toEqual(manifest.files.map((f) => f.path));
  });

  it('ships at least one model of every group a service declares, so every capability answers offline', () => {
    const ids = new Set(MANIFESTS.map((m) => m.id));
    const groups = DESCRIPTORS.flatMap((d) => (d.modelGroups ?? []).map((group) => ({ service: d.contract.name, ...group })));
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((group) => !group.models.some((model) => ids.has(model.id)))).toEqual([]);
  });
});
