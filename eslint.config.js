import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './scripts/eslint-boundaries.mjs';

/** Every service folder under workers/ (a new one is covered by the rules below as soon as it exists). */
const SERVICES = readdirSync(new URL('./workers', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
/** What the page may take from a service: its descriptor, its contract (types) and its page-side client. */
const PAGE_SAFE = '^workers/[^/]+/(contract|service|client[^/]*)(\\.tsx?)?(/|$)';
/** The files of a service folder that load on the page (PAGE_SAFE as globs): they import only the floor below and their own contract. */
const PAGE_SIDE = ['service.ts', 'contract.ts', 'client*.{ts,tsx}', 'client/**/*.{ts,tsx}'];
const REACT = { target: '^(react|react-dom)(/|$)', why: 'only the shell (src/app) and the SDK\'s hooks (src/client/react) use React' };
/**
 * The floors, bottom up: src/core (what workers and the page share: protocol, errors, descriptors, storage
 * methods), then src/runtime (what workers run on) and the services in workers/, then the page's own folders
 * (src/bus, the bus itself, then src/client, src/app, src/embed, src/pwa). A floor imports only floors below it.
 */
const PAGE_ONLY_BUS = { target: '^src/bus(/|$)', why: 'src/bus (the bus, its pools and replicas) runs on the page; workers import src/core only' };
const RUNTIME = { target: '^src/runtime(/|$)', why: 'src/runtime is what workers run on' };

/** What the floors under the page (src/core, src/runtime) and the bus must not import. */
const UNDER_THE_PAGE = [
  { target: '^workers/', why: 'src/core, src/runtime and src/bus serve every service and import none' },
  { target: '^src/(app|client|embed|pwa)(/|$)', why: 'src/core, src/runtime and src/bus sit below the SDK and the shell' },
  REACT,
];
/** The folders ARCHITECTURE.md's "Who may import whom" speaks of, each with the imports it must not make. */
const BOUNDARIES = [
  ...SERVICES.flatMap((service) => {
    const worker = [
      { target: `^workers/(?!${service}/)`, why: 'a service never imports another service; they talk through the bus' },
      { target: '^src/(app|client|embed|pwa)(/|$)', why: 'a service imports src/runtime, src/core and its own files only' },
      PAGE_ONLY_BUS,
      REACT,
    ];
    // ESLint keeps the options of the last matching block only: the page-side files repeat the worker's rules.
    const pageSide = [
      ...worker,
      { target: `^workers/${service}/`, except: PAGE_SAFE, why: "this file loads on the page: it imports its service's contract, descriptor and page-side client, never the engine or other worker code" },
      { ...RUNTIME, why: 'this file loads on the page: src/runtime is what workers run on' },
    ];
    return [
      { files: [`workers/${service}/**/*.{ts,tsx}`], forbid: worker },
      { files: PAGE_SIDE.map((glob) => `workers/${service}/${glob}`), forbid: pageSide },
    ];
  }),
  {
    files: ['src/client/**/*.{ts,tsx}'],
    forbid: [
      { target: '^workers/', except: PAGE_SAFE, why: "the SDK imports services' descriptors and contracts only, never a worker's engine or store" },
      { target: '^src/(app|embed|runtime|pwa)(/|$)', why: 'the SDK imports src/core, src/bus and the services\' contracts only' },
    ],
  },
  {
    files: ['src/app/**/*.{ts,tsx}', 'src/embed/**/*.{ts,tsx}'],
    forbid: [
      { target: '^workers/', except: PAGE_SAFE, why: "the page reaches services through src/client; it never imports a worker's engine or store" },
      { ...RUNTIME, why: 'src/runtime is what workers run on; the page talks to services through src/client' },
    ],
  },
  { files: ['src/core/**/*.ts'], forbid: [...UNDER_THE_PAGE, RUNTIME, { ...PAGE_ONLY_BUS, why: 'src/core is the floor under the bus: the bus imports it, never the other way' }] },
  // What workers run on is worker code too: it never reaches for the bus itself.
  { files: ['src/runtime/**/*.ts'], forbid: [...UNDER_THE_PAGE, PAGE_ONLY_BUS] },
  { files: ['src/bus/**/*.ts'], forbid: [...UNDER_THE_PAGE, { ...RUNTIME, why: 'the bus runs on the page; src/runtime is what workers run on' }] },
];

export default tseslint.config(
  { ignores: ['dist', 'lib', 'examples/**/node_modules', 'node_modules', 'test-results', 'playwright-report', 'public/models', 'examples/**/dist', 'workers/speech/pocketsphinx/pocketsphinx.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Cross-origin messages name their target origin; '*' would hand a MessagePort to whatever page the frame shows.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='postMessage'] > Literal[value='*']",
          message: "Never post with '*' as the target origin: name the origin (see src/client/hub.ts).",
        },
      ],
    },
  },
  ...BOUNDARIES.map(({ files, forbid }) => ({ files, plugins: { inpage: boundaries }, rules: { 'inpage/imports': ['error', { forbid }] } })),
  {
    // Workers have no DOM (the page-side client of a service is the exception): these would fail only at run time.
    files: ['workers/**/*.ts'],
    ignores: ['workers/*/client*', 'workers/*/client/**'],
    rules: {
      'no-restricted-globals': ['error', ...['window', 'document', 'AudioContext', 'OfflineAudioContext', 'localStorage', 'sessionStorage', 'customElements', 'HTMLElement'].map((name) => ({ name, message: 'Workers have no DOM: this runs on the page, in the service\'s page-side client.' }))],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'models/**/*.mjs', 'bench/**/*.mjs', 'tests/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
