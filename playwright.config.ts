import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './scripts/setup.mjs';

const PORT = Number(process.env.INPAGE_TEST_PORT ?? 4317);
/**
 * The partner pages the embed tests start on the next ports (tests/e2e/hosts.ts), by IP and by name (a
 * truly cross-site partner): embed.html's frame-ancestors lets them frame the hub, whose own allowlist
 * (embed.config.json, which the tests route per test) then decides who is answered.
 */
const PARTNERS = Array.from({ length: 10 }, (_, i) => [`http://127.0.0.1:${PORT + i}`, `http://localhost:${PORT + i}`]).flat();

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  // The abuse suite's tally (tests/e2e/abuse/): cleared first, its summary printed last.
  globalSetup: './tests/e2e/abuse/global-setup.ts',
  globalTeardown: './tests/e2e/abuse/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    // The project's model folders too: the direct comparisons (bench/direct.mjs) load the models themselves.
    command: `node scripts/serve.mjs --port ${PORT} --project-models`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    // The partners may also be model mirrors on other origins (offline.spec.ts's silent source).
    env: { INPAGE_EMBED_FRAME_ORIGINS: PARTNERS.join(' '), INPAGE_CONNECT_ORIGINS: PARTNERS.join(' ') },
  },
});
