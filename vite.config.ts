import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { crossOriginIsolationHeaders, modelMirror } from './scripts/static.mjs';
import { buildId, pwa } from './src/pwa/plugin';
import { assetFileNames, shippedModelsPlugin } from './scripts/shipped-models.mjs';
import { tfjsThreadsPlugin } from './scripts/tfjs-threads.mjs';
import { workerBuild } from './scripts/worker-build.mjs';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

/** Serves the model mirror at /models/ in `vite` dev and preview, as the production server does. */
function modelMirrorPlugin(): Plugin {
  return {
    name: 'inpage-model-mirror',
    configureServer: (server) => void server.middlewares.use(modelMirror(process.cwd(), { project: true })),
    configurePreviewServer: (server) => void server.middlewares.use(modelMirror(process.cwd())),
  };
}

/** The same cross-origin isolation headers as the production server, on everything `vite` dev and preview send. */
function crossOriginIsolationPlugin(): Plugin {
  const headers = crossOriginIsolationHeaders();
  return {
    name: 'inpage-cross-origin-isolation',
    config: () => ({ server: { headers }, preview: { headers } }),
  };
}

export default defineConfig({
  plugins: [react(), crossOriginIsolationPlugin(), modelMirrorPlugin(), tfjsThreadsPlugin(), shippedModelsPlugin(), pwa()],
  define: { __INPAGE_BUILD__: JSON.stringify(buildId(version)) },
  worker: workerBuild(),
  server: { host: '127.0.0.1' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // The SDK is also a stable public file, so any page can `import { connect } from '.../inpage.js'` or load it
      // as a script tag for the custom elements; embed.html is the hub other origins reach through an iframe.
      input: { main: 'index.html', inpage: 'src/embed/script.ts', embed: 'embed.html' },
      preserveEntrySignatures: 'exports-only',
      output: { entryFileNames: (chunk) => (chunk.name === 'inpage' ? 'inpage.js' : 'assets/[name]-[hash].js'), assetFileNames: assetFileNames('assets') },
    },
  },
});
