/** Hash routes: `#/<path>?<query>`. The query holds a page's filters, so a filtered view is a deep link. */
import { useCallback, useSyncExternalStore } from 'react';

export interface Route {
  path: string;
  query: URLSearchParams;
}

function read(): string {
  return location.hash.replace(/^#\/?/, '');
}

function subscribe(onChange: () => void): () => void {
  addEventListener('hashchange', onChange);
  return () => removeEventListener('hashchange', onChange);
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.split('?');
  return { path: path.replace(/\/$/, ''), query: new URLSearchParams(query) };
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, read));
}

/** One query parameter of the current route, and a setter that rewrites the hash without a new history entry. */
export function useQueryParam(name: string): [string, (value: string) => void] {
  const { path, query } = useRoute();
  const value = query.get(name) ?? '';
  const set = useCallback(
    (next: string) => {
      const params = parseRoute(read()).query;
      if (next) params.set(name, next);
      else params.delete(name);
      const search = params.toString();
      history.replaceState(null, '', `#/${path}${search ? `?${search}` : ''}`);
      dispatchEvent(new HashChangeEvent('hashchange'));
    },
    [name, path],
  );
  return [value, set];
}
