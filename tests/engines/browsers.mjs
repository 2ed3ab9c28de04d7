// The three engines behind one small interface: Chromium and Firefox ESR through Puppeteer (Chromium over
// CDP, Firefox over WebDriver BiDi, which Firefox speaks itself: Debian packages no geckodriver), and
// WebKitGTK's MiniBrowser through WebKitWebDriver (classic WebDriver; it has no BiDi) with selenium-webdriver.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
/** How long one call into a page may take: a first model load on a busy 2-core machine is slow. */
const SCRIPT_TIMEOUT_MS = 240_000;
const NAVIGATION_TIMEOUT_MS = 60_000;

/**
 * Runs `fn(arg)` in the page and returns its JSON result. `until(test, ms, what)` is in scope for `fn`:
 * it polls `test()` until truthy and returns that value, or throws naming `what`.
 */
function pageScript(fn) {
  return `const until = async (test, ms, what) => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await test();
      if (value) return value;
      if (Date.now() > end) throw new Error('timed out after ' + ms + ' ms waiting for ' + what);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  return (${fn})`;
}

/** Errors the page itself reported (console.error, uncaught errors, failed loads), kept by the recorder script. */
/* global window -- page code */
const readRecorded = () => window.__inpageErrors ?? ['the error recorder did not run on this page (tests/engines/servers.mjs)'];

export const ENGINES = {
  chromium: { name: 'Chromium', installed: () => existsSync(CHROMIUM), open: openChromium },
  firefox: { name: 'Firefox ESR', installed: () => existsSync(FIREFOX), open: openFirefox },
  webkit: { name: 'WebKitGTK', installed: () => existsSync(MINIBROWSER) && existsSync(WEBKIT_DRIVER), open: openWebKit },
};

/** Each `open` takes { media: fake capture devices on, driverPort: WebKitWebDriver's port, env: extra environment }. */
async function openChromium({ media, env }) {
  const fake = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];
  return openPuppeteer('Chromium', { browser: 'chrome', executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(media ? fake : [])] }, env);
}

async function openFirefox({ media, env }) {
  // Firefox's own fake devices: a tone for the microphone, a moving colour frame for the camera.
  const fake = {
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'permissions.default.microphone': 1,
    'permissions.default.camera': 1,
  };
  return openPuppeteer('Firefox ESR', { browser: 'firefox', executablePath: FIREFOX, extraPrefsFirefox: media ? fake : {} }, env);
}

async function openPuppeteer(engine, options, env = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ headless: true, protocolTimeout: SCRIPT_TIMEOUT_MS + 30_000, env: { ...process.env, ...env }, ...options });
  const page = await browser.newPage();
  page.setDefaultTimeout(SCRIPT_TIMEOUT_MS);
  // Loading a page is quick even on a busy machine; a navigation that never reports its end fails in a minute.
  page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const native = [];
  page.on('console', (message) => message.type() === 'error' && native.push(`console: ${message.text()} (${message.location()?.url ?? 'no url'})`));
  page.on('pageerror', (error) => native.push(`page error: ${error.message}`));
  const userAgent = await browser.userAgent();
  return {
    engine,
    version: (await browser.version()).replace(/^[^/]*\//, ''),
    userAgent,
    async goto(url) {
      native.length = 0;
      // Firefox's WebDriver BiDi never reports the end of a navigation from a page holding an iframe (the hub)
      // to a cross-origin isolated page (COOP swaps its browsing context group): the page loads, the driver
      // waits for ever. Through about:blank first, the switch starts from a page with no frames.
      if (engine === 'Firefox ESR') await page.goto('about:blank');
      await page.goto(url, { waitUntil: 'load' });
    },
    async reload() {
      native.length = 0;
      await page.reload({ waitUntil: 'load' });
    },
    /** A real click (user activation), through the engine's input events. */
    click: (selector) => page.click(selector),
    run: (fn, arg) => page.evaluate(`(async () => { ${pageScript(fn)}(${JSON.stringify(arg ?? null)}); })()`),
    async errors() {
      return [...native, ...(await page.evaluate(readRecorded))];
    },
    close: () => browser.close(),
  };
}

/** WebKitWebDriver on a free port under a virtual X display (this MiniBrowser has no headless mode). */
async function openWebKit({ media, driverPort, env = {} }) {
  const driver = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${driverPort}`], { stdio: 'ignore', detached: true, env: { ...process.env, ...env } });
  const stopDriver = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  try {
    await waitForDriver(driverPort);
    const { Builder, By, Capabilities } = await import('selenium-webdriver');
    const args = ['--automation', ...(media ? ['--enable-media-stream=true', '--enable-mock-capture-devices=true'] : [])];
    const capabilities = new Capabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } });
    const session = await new Builder().usingServer(`http://127.0.0.1:${driverPort}`).withCapabilities(capabilities).build();
    await session.manage().setTimeouts({ script: SCRIPT_TIMEOUT_MS, pageLoad: NAVIGATION_TIMEOUT_MS });
    const granted = (await session.getCapabilities()).get('browserVersion');
    const run = async (fn, arg) => {
      const answer = await session.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
        (async () => { ${pageScript(fn)}(arguments[0]); })().then(
          (value) => done({ ok: true, value: value === undefined ? null : value }),
          (error) => done({ ok: false, message: String((error && error.message) || error) }));`,
        arg ?? null,
      );
      if (!answer.ok) throw new Error(answer.message);
      return answer.value;
    };
    return {
      engine: 'WebKitGTK',
      version: granted,
      userAgent: await session.executeScript('return navigator.userAgent'),
      goto: (url) => session.get(url),
      reload: () => session.navigate().refresh(),
      click: (selector) => session.findElement(By.css(selector)).click(),
      run,
      errors: () => session.executeScript(`return (${readRecorded})()`),
      async close() {
        await session.quit().catch(() => undefined);
        stopDriver();
      },
    };
  } catch (error) {
    stopDriver();
    throw error;
  }
}

async function waitForDriver(port) {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port} within 30 s`);
}
