/**
 * The page side of the PWA: registers the service worker, and keeps what the shell shows about it —
 * online or not, app shell cached, a new version waiting, install offered, storage persistent — in one
 * small store the UI subscribes to.
 */
import { registerSW } from 'virtual:pwa-register';
import { fillRuntimeCache } from './fill-runtime';

export interface PwaState {
  online: boolean;
  /** The service worker has cached the app: it loads with no network. */
  shellCached: boolean;
  /** A new version is installed and waits for the person to accept it. */
  updateWaiting: boolean;
  /** The browser offered installation (beforeinstallprompt) and it has not been used yet. */
  canInstall: boolean;
  installed: boolean;
  /** navigator.storage.persisted(): the browser will not evict this site's data under pressure. */
  persisted?: boolean;
  /** Why the service worker could not register (e.g. plain http on a non-local address). */
  error?: string;
  /** The build this page runs. */
  build: string;
}

/** Chromium's install prompt event (not in TypeScript's DOM types). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** How often an open tab asks the server for a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

let state: PwaState = {
  online: typeof navigator === 'undefined' || navigator.onLine,
  shellCached: false,
  updateWaiting: false,
  canInstall: false,
  installed: typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches,
  build: __INPAGE_BUILD__,
};
const listeners = new Set<() => void>();
let installPrompt: InstallPromptEvent | undefined;
let applyUpdate: ((reload?: boolean) => Promise<void>) | undefined;
let registration: ServiceWorkerRegistration | undefined;
let started = false;

function set(patch: Partial<PwaState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

export const pwa = {
  get: (): PwaState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Activates the waiting version; the page reloads into it once it controls the tab. */
  async update(): Promise<void> {
    // The waiting worker activates and claims this tab (clientsClaim); reload into it then. Done here for
    // updates found by a check in an open tab too, which workbox-window calls "external" and leaves alone.
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    await applyUpdate?.(true);
  },
  /** Asks the server now whether a new version exists (the browser also checks on navigation). */
  async checkForUpdate(): Promise<void> {
    await registration?.update();
  },
  async install(): Promise<void> {
    const prompt = installPrompt;
    if (!prompt) return;
    installPrompt = undefined;
    set({ canInstall: false });
    await prompt.prompt();
    if ((await prompt.userChoice).outcome === 'accepted') set({ installed: true });
  },
  /** Stores the app for use with no network now, without waiting for a first answer. */
  storeApp,
  /** Caches every service's worker bundle and WASM binary, for use with no network (fill-runtime.ts). */
  cacheRuntime: fillRuntimeCache,
  /** Asks the browser to keep this site's data under storage pressure; Chromium decides from engagement. */
  async persist(): Promise<boolean> {
    const persisted = (await navigator.storage?.persist?.()) ?? false;
    set({ persisted });
    return persisted;
  },
};

/** The service worker registers this long after the page starts at the latest, answer or not. */
const REGISTER_LATEST_MS = 30_000;

/**
 * Follows connectivity and install offers, and registers the service worker once `ready` resolves (the
 * first answer, see first-answer.ts), when the Offline page asks (`pwa.storeApp`), or after
 * REGISTER_LATEST_MS, whichever comes first.
 */
export function startPwa(ready: Promise<void>): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  addEventListener('online', () => set({ online: true }));
  addEventListener('offline', () => set({ online: false }));
  addEventListener('beforeinstallprompt', (event) => {
    // Keep the browser's mini-infobar back: the header's Install button offers it instead.
    event.preventDefault();
    installPrompt = event as InstallPromptEvent;
    set({ canInstall: true });
  });
  addEventListener('appinstalled', () => set({ installed: true, canInstall: false }));
  void navigator.storage?.persisted?.().then((persisted) => set({ persisted }));

  if (!('serviceWorker' in navigator)) return set({ error: 'This browser has no service workers, so the app needs the network.' });
  // A page the worker already controls has the app stored: register now, so an update is found at once.
  if (navigator.serviceWorker.controller) return storeApp();
  void Promise.race([ready.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, REGISTER_LATEST_MS))]).then(storeApp);
}

/** Registers the service worker (once): its install precaches the app and every service's code. */
function storeApp(): void {
  if (applyUpdate || !('serviceWorker' in navigator)) return;
  applyUpdate = registerSW({
    immediate: true,
    onNeedRefresh: () => set({ updateWaiting: true }),
    // update() reloads on controllerchange, for every kind of update: no second reload from here.
    onNeedReload: () => undefined,
    onOfflineReady: () => set({ shellCached: true }),
    onRegisteredSW: (_url, reg) => {
      registration = reg;
      // A tab that was controlled before this load already has the app cached.
      if (reg?.active && navigator.serviceWorker.controller) set({ shellCached: true });
      setInterval(() => void reg?.update(), UPDATE_CHECK_MS);
    },
    onRegisterError: (error: unknown) => set({ error: `The offline app could not be set up: ${error instanceof Error ? error.message : String(error)}` }),
  });
}
