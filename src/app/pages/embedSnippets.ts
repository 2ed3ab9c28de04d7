/** The copy-paste snippets of the embed docs page, filled in with this toolkit's own address. */
export interface Snippet {
  id: string;
  title: string;
  intro: string;
  language: 'html' | 'js' | 'json' | 'sh';
  code: string;
}

export function embedSnippets(origin: string, services: string[]): Snippet[] {
  const list = services.length ? services.join(', ') : 'image';
  return [
    {
      id: 'script',
      title: 'Script tag and custom elements',
      intro:
        'Paste into any page. The elements load the models once, show their results and fire inpage-result, inpage-error and inpage-progress events. From another origin they run through the hub (below), so add that origin to the allowlist first.',
      language: 'html',
      code: `<script type="module" src="${origin}/inpage.js"></script>

<inpage-image-classifier top-k="3"></inpage-image-classifier>
<inpage-sentiment button-label="How does it sound?"></inpage-sentiment>
<inpage-voice-commands threshold="0.8"></inpage-voice-commands>

<style>
  /* Theme it from outside: its own styles stay inside its shadow root. */
  inpage-image-classifier, inpage-sentiment { --inpage-accent: #0a7d45; --inpage-radius: 4px; }
</style>
<script>
  document.addEventListener('inpage-result', (event) => console.log(event.detail.value));
  document.addEventListener('inpage-error', (event) => console.warn(event.detail.code, event.detail.message));
</script>`,
    },
    {
      id: 'sdk',
      title: 'The SDK from the script',
      intro: `window.InPage.connect() (or the module's connect export) gives the same typed SDK the app uses: ${list}.`,
      language: 'html',
      code: `<script type="module">
  import { connect } from '${origin}/inpage.js';

  const ai = await connect();
  const labels = await ai.image.classify(file, { topK: 5 });
</script>`,
    },
    {
      id: 'hub',
      title: 'Cross-origin hub',
      intro:
        'On another origin the bus and the workers run in a hidden iframe on this origin, so every site that embeds InPage shares its models and caches. Messages travel over one MessageChannel; large inputs are transferred.',
      language: 'js',
      code: `import { connect } from '${origin}/inpage.js'; // or from 'inpage-ai'

const ai = await connect({ hub: '${origin}/embed.html' });
// A page whose origin the hub does not list gets InPageError code FORBIDDEN_ORIGIN.`,
    },
    {
      id: 'allowlist',
      title: 'Allowlist (on this server)',
      intro:
        'The hub answers its own origin and the exact https origins in embed.config.json next to embed.html (no wildcards). A listed origin gets the service methods; "storage" (export, import, clear, history, documents, custom models) and "admin" (scale, kill, restart, backend) only where granted.',
      language: 'json',
      code: `{ "allowedOrigins": ["https://shop.example", { "origin": "https://blog.example", "capabilities": ["storage"] }] }`,
    },
    {
      id: 'npm',
      title: 'npm library',
      intro:
        'For apps with a bundler (Vite, webpack): the workers and WASM files ship as separate files in the package and are picked up with no configuration. Serve the models under /models/ on your origin, or pass connect({ modelBase }).',
      language: 'js',
      code: `// npm install inpage-ai   (npm run build:lib && npm pack ./lib, until it is published)
import { connect, InPageError } from 'inpage-ai';
import 'inpage-ai/elements'; // optional: <inpage-image-classifier> in your own pages

const ai = await connect();
try {
  const [best] = await ai.image.classify(file, { topK: 1 });
} catch (error) {
  if (error instanceof InPageError) console.warn(error.code, error.message);
}`,
    },
  ];
}
