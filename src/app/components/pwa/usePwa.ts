/** The PWA's live state (online, app cached, update waiting, install offered) for React. */
import { useSyncExternalStore } from 'react';
import { pwa, type PwaState } from '../../../pwa/register';

export function usePwa(): PwaState {
  return useSyncExternalStore(pwa.subscribe, pwa.get);
}

export { pwa };
