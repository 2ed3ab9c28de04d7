/**
 * A model file's path is a name inside its model's folder: a `model.json` from a hub is not trusted to
 * name files elsewhere (`../`, `/etc/…`, another host). The loader and `npm run models:fetch` both check.
 */

/** Why `path` is refused as a model file, or undefined where it names a file inside the folder. */
export function badModelPath(path: string): string | undefined {
  if (!path || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('\\')) return `"${path}" is not a relative path inside the model's folder`;
  if (path.split(/[/\\]/).some((part) => part === '..' || part === '')) return `"${path}" steps outside the model's folder`;
  if (/[?#%]/.test(path)) return `"${path}" has characters a model file's name never needs`;
  return undefined;
}
