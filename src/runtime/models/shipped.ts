/**
 * The model files this build carries (scripts/shipped-models.mjs makes the map): the project's own models
 * and the defaults every capability needs, so a clone, its dist/ and an app built with the library answer
 * with no model folder and no hub.
 */
import shipped from 'virtual:inpage-shipped-models';

/**
 * The absolute URL of each file of a shipped model, by its path in the manifest; undefined where this
 * build has none. A bundler writes them relative to the bundle, which is where this module lives.
 */
export function shippedFiles(id: string): Readonly<Record<string, string>> | undefined {
  if (!Object.hasOwn(shipped, id)) return undefined;
  return Object.fromEntries(Object.entries(shipped[id]!).map(([path, url]) => [path, new URL(url, import.meta.url).href]));
}
