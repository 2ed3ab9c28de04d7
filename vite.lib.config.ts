/**
 * The npm library (`npm run build:lib` → lib/): ESM entry points with the SDK, each service's worker as its own
 * file and the WASM binaries as files beside them, all found through `new URL(..., import.meta.url)`, so
 * an app's bundler copies them and they load from wherever the app serves its assets.
 */
import { defineConfig } from 'vite';
import { assetFileNames } from './scripts/shipped-models.mjs';
import { workerBuild } from './scripts/worker-build.mjs';

export default defineConfig({
  // Relative to the module that refers to them, not to a site root the library cannot know.
  base: './',
  publicDir: false,
  // Bundled as the app's are (the threads fix included): the app that bundles them minifies them again.
  worker: workerBuild(),
  build: {
    outDir: 'lib',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // `inpage-ai`: connect() and the types; `inpage-ai/elements`: defines the custom elements; `inpage-ai/react`: hooks.
      input: { index: 'src/client/index.ts', elements: 'src/embed/elements/index.ts', react: 'src/client/react/index.ts' },
      preserveEntrySignatures: 'strict',
      // Resolved by the app's bundler from the package's dependencies (one copy each); the workers bundle their own.
      external: ['react', 'react/jsx-runtime', 'react-dom', 'zod', 'comlink'],
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: assetFileNames('assets') },
    },
  },
});
