/**
 * Whether a model is installed on this deployment, decided without a request: its own (no hub source),
 * mirrored by `npm run models:fetch` (the lock has it), or pinned on its hub (an immutable revision and a
 * sha256 for every file). A model that is none of these is skipped at once and shown as "not installed".
 */
import type { ModelFile, ModelManifest, ModelSource } from './manifest';
import { lockedFiles, type ModelLock } from './lock';

/** What installs a hub model: run where the hubs answer, it mirrors them into public/models/ and writes the lock. */
export const INSTALL_COMMAND = 'npm run models:fetch';

export type InstallState = 'own' | 'mirrored' | 'pinned' | 'not installed';

/**
 * A source given as an absolute URL is a public hub; a relative one is the deployment's own mirror (its
 * operator's server, trusted as the app's code is), where a manifest may leave files unhashed.
 */
export function isPublicHub(source: ModelSource): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(source.base);
}

/** A hub source is used only at an immutable revision, and only for files pinned by hash. */
export function hubPinned(source: ModelSource, files: readonly ModelFile[]): boolean {
  return !!source.revision && files.every((file) => !!file.sha256);
}

export function installState(manifest: ModelManifest, lock: ModelLock): InstallState {
  const hubs = manifest.sources.filter(isPublicHub);
  if (!hubs.length) return 'own';
  if (lock[manifest.id]) return 'mirrored';
  const files = lockedFiles(manifest, lock);
  return hubs.some((source) => hubPinned(source, files)) ? 'pinned' : 'not installed';
}

/** The sources the loader may ask, in the manifest's order: none for a model that is not installed. */
export function usableSources(manifest: ModelManifest, lock: ModelLock): ModelSource[] {
  const state = installState(manifest, lock);
  if (state === 'not installed') return [];
  const files = lockedFiles(manifest, lock);
  return manifest.sources.filter((source) => !isPublicHub(source) || hubPinned(source, files));
}

export function notInstalledMessage(manifest: ModelManifest): string {
  return (
    `${manifest.name} is not installed: it comes from a public hub, and is neither pinned (an immutable revision and a sha256 ` +
    `for each file) nor mirrored here. Install it with \`${INSTALL_COMMAND}\` where the hub answers.`
  );
}
