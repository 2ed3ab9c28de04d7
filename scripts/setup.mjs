// Installs what a fresh clone is missing: npm packages, and (for tests) Debian's Chromium, Firefox ESR and WebKitGTK.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(import.meta.url), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** This machine has no network but the package registries: keep Chromium from trying to phone home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function run(command, env = {}) {
  console.log(`\n$ ${command}`);
  execSync(command, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

/** npm ci when node_modules is missing or older than the lockfile. */
export function ensurePackages() {
  const marker = resolve(root, 'node_modules/.package-lock.json');
  const lock = resolve(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // Plain npm ci: the native packages Transformers.js lists for Node are stubbed out (stubs/README.md).
  run('npm ci --no-audit --no-fund');
}

/**
 * What the cross-engine suite (scripts/engines.mjs) drives: Firefox ESR, WebKitGTK's MiniBrowser and its
 * driver, a virtual display, and PulseAudio for an audio output where the machine has no sound card.
 */
const ENGINE_PACKAGES = {
  'firefox-esr': '/usr/bin/firefox-esr',
  'webkit2gtk-driver': '/usr/bin/WebKitWebDriver',
  'libwebkit2gtk-4.1-0': '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  xvfb: '/usr/bin/xvfb-run',
  pulseaudio: '/usr/bin/pulseaudio',
};

/**
 * Chromium and the other engines, only those missing, in one apt-get call: on a fresh machine one list
 * update and one unpacking pass; where all are installed, no apt at all.
 */
export function ensureBrowsers() {
  const missing = Object.entries({ chromium: CHROMIUM, ...ENGINE_PACKAGES }).filter(([, path]) => !existsSync(path)).map(([name]) => name);
  if (!missing.length) return;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  run(`${sudo}apt-get update -qq`);
  run(`${sudo}apt-get install -y -qq ${missing.join(' ')}`, { DEBIAN_FRONTEND: 'noninteractive' });
}
