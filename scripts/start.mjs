// `npm start`: install what is missing, build, and serve the app on 127.0.0.1.
import { ensurePackages, run } from './setup.mjs';

ensurePackages();
run('npx vite build --logLevel warn');
const { startServer } = await import('./serve.mjs');
const server = await startServer({ port: Number(process.env.PORT ?? 4173) });
const { address, port } = server.address();
console.log(`\nInPage is running at http://${address}:${port}/  (Ctrl+C to stop)`);
