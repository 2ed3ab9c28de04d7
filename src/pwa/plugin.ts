/**
 * The installable, offline app: a web app manifest and a Workbox service worker (vite-plugin-pwa)
 * that precaches the app shell, the SDK, the services' worker bundles and their WASM binaries (WebKit's
 * dedicated workers fetch past the service worker, so only a precache has them offline), but not ONNX
 * Runtime's WebGPU builds, which only a real GPU loads. The page registers it after its first answer
 * (register.ts), so the precache never competes with that answer. Models are not precached:
 * each service keeps its own in its IndexedDB ("make available offline" fills it and the runtime cache).
 * Used by vite.config.ts (Node); the page side is register.ts.
 */
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { DESCRIPTORS } from '../client/services';
import { GPU_ONLY_GLOBS, RUNTIME_CACHE, RUNTIME_FILES } from './runtime-files';
import { launcherShortcuts } from './shortcuts';

export const THEME_COLOR = '#2156d9';
export const BACKGROUND_COLOR = '#f7f8fa';

/** Shell pages a launcher offers as shortcuts (a long-press on the installed icon): each service page the shell draws, and Offline. */
const SHORTCUTS = launcherShortcuts(DESCRIPTORS);

/** Worker bundles and ONNX/TF.js WASM binaries are megabytes each: precache files up to this size. */
const MAX_PRECACHED_BYTES = 64 * 1024 * 1024;
/** A script or binary under assets/: the worker bundles and WASM are among these. */
const ASSET_CODE = /^assets\/[^/]+\.(?:js|mjs|wasm)$/;

/**
 * Lists the files only workers load (emitted into the page's build as assets): "make available offline"
 * fills the runtime cache from that list.
 */
function runtimeFiles(): Plugin {
  return {
    name: 'inpage-runtime-files',
    apply: 'build',
    generateBundle(_, bundle) {
      const runtime: string[] = [];
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk' && ASSET_CODE.test(fileName)) runtime.push(`/${fileName}`);
      }
      this.emitFile({ type: 'asset', fileName: RUNTIME_FILES, source: `${JSON.stringify(runtime.sort(), null, 1)}\n` });
    },
  };
}

export function pwa(): Plugin[] {
  return [runtimeFiles(), ...pwaPlugins()];
}

function pwaPlugins(): Plugin[] {
  return VitePWA({
    // A new version waits until the person accepts the update prompt; it then skips waiting and claims the tabs.
    registerType: 'prompt',
    injectRegister: false,
    // The icons and the manifest are in the precache through globPatterns already: list them once.
    includeManifestIcons: false,
    manifest: {
      id: '/',
      name: 'InPage: AI that runs in this tab',
      short_name: 'InPage',
      description: 'AI services that run in your browser, also offline. Nothing you drop here leaves your device.',
      start_url: '/#/image',
      scope: '/',
      display: 'standalone',
      theme_color: THEME_COLOR,
      background_color: BACKGROUND_COLOR,
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
        { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
      shortcuts: SHORTCUTS.map(({ name, description, path }) => ({
        name,
        short_name: name,
        description,
        url: `/#/${path}`,
        icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
      })),
    },
    workbox: {
      // (manifest.webmanifest is added by the plugin itself.)
      globPatterns: ['**/*.{html,js,mjs,css,wasm,png,svg,ico,json}'],
      // The model mirror is served under /models/ and cached per service in IndexedDB, never twice. The hub's
      // allowlist is edited on the deployed server and must be read fresh, not from a precache.
      globIgnores: ['models/**', 'assets/models/**', 'embed.config.json', ...GPU_ONLY_GLOBS],
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_BYTES,
      // Worker bundles and WASM stay in the precache: WebKit's dedicated workers fetch past the service
      // worker, so a cache filled on their first fetch would leave them out offline.
      runtimeCaching: [
        {
          // Hashed names: a file found in the cache is the file.
          urlPattern: /\/assets\/[^/]+\.(?:js|mjs|wasm)$/,
          handler: 'CacheFirst',
          options: { cacheName: RUNTIME_CACHE, expiration: { maxEntries: 200, purgeOnQuotaError: true } },
        },
      ],
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      navigateFallback: 'index.html',
      // Other HTML pages (the embed hub) are precached as themselves; the model mirror is never the app.
      navigateFallbackDenylist: [/^\/models\//, /\.[a-z0-9]+$/i],
    },
  });
}

/** The build's name, shown on the Offline page so a person (and a test) can tell versions apart. */
export function buildId(version: string): string {
  return process.env.INPAGE_BUILD_ID ?? `${version}+${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
}
