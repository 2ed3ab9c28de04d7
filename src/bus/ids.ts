let counter = 0;

/** Short unique ids; crypto.randomUUID is missing on plain-http embedding pages, so don't rely on it. */
export function newId(prefix = ''): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
