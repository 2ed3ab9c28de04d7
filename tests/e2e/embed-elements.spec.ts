/** The script tag on another origin: custom elements that classify, emit DOM events, theme, and share one bus. */
import { expect, test, type Page } from '@playwright/test';
import { fixture } from './fixtures';
import { html, startHost, TOOLKIT, type Host, type HostFile } from './hosts';

let partner: Host;
let stranger: Host;

const PAGE = html(`
<title>Partner shop</title>
<style>
  body { font-family: serif; }
  #themed { --inpage-accent: rgb(200, 0, 0); --inpage-radius: 0px; }
</style>
<script type="module" src="${TOOLKIT}/inpage.js"></script>
<script>
  // Events bubble out of the shadow roots: one listener on the document hears every element.
  window.heard = [];
  for (const name of ['inpage-result', 'inpage-error', 'inpage-progress']) {
    document.addEventListener(name, (event) => window.heard.push({ name, id: event.target.id, detail: event.detail }));
  }
</script>
<h1>Our products</h1>
<button id="outside">A button of the page</button>
<inpage-image-classifier id="themed" top-k="2"></inpage-image-classifier>
<inpage-image-classifier id="plain" top-k="3" button-label="Pick a photo"></inpage-image-classifier>
`);

/** What the hosts serve; a test may add a page before it visits it. */
const files: Record<string, HostFile> = { '/': PAGE, '/chelsea.png': { type: 'image/png', body: fixture('images/chelsea.png') } };

test.beforeAll(async () => {
  partner = await startHost(1, files);
  stranger = await startHost(2, files);
});
test.afterAll(async () => Promise.all([partner.close(), stranger.close()]));

const heard = (page: Page, name: string, id?: string) =>
  page.evaluate(([name, id]) => (window as any).heard.filter((e: any) => e.name === name && (!id || e.id === id)), [name, id] as const);

test('elements from the script tag classify, emit their events, theme through custom properties and share one hub', async ({ page, context }) => {
  await context.route(`${TOOLKIT}/embed.config.json`, (route) => route.fulfill({ json: { allowedOrigins: [partner.origin] } }));
  await page.goto(`${partner.origin}/`);
  const themed = page.locator('#themed');
  const plain = page.locator('#plain');
  await expect(plain.getByText('Pick a photo')).toBeVisible();

  // A picked file: the labels show inside the element and arrive as an inpage-result event.
  await themed.locator('input[type=file]').setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: fixture('images/coffee.png') });
  const labels = themed.getByRole('list', { name: 'Predictions' }).getByRole('listitem');
  await expect(labels).toHaveCount(2);
  await expect(labels.first()).toContainText('espresso');
  const [result] = await heard(page, 'inpage-result', 'themed');
  expect(result.detail).toMatchObject({ service: 'image', method: 'classify' });
  expect(result.detail.value[0].label).toBe('espresso');
  // The model was downloaded on first use, and the element said so.
  expect((await heard(page, 'inpage-progress')).some((e: any) => e.detail.service === 'image' && e.detail.phase === 'download')).toBe(true);

  // The src attribute: an image by URL, on the partner's own origin.
  await plain.evaluate((element) => element.setAttribute('src', '/chelsea.png'));
  await expect(plain.getByRole('listitem')).toHaveCount(3);
  await expect(plain.getByRole('listitem').first()).toContainText(/cat/);

  // Two elements, one connection: one hub frame and one image replica behind both.
  await expect(page.locator('iframe[title="InPage hub"]')).toHaveCount(1);
  const services = await page.evaluate(async () => {
    const ai = await window.InPage.connect();
    return ai.services();
  });
  expect(services.find((s: any) => s.name === 'image')).toMatchObject({ state: 'ready', replicas: 1 });

  // A file that is not an image: an inpage-error event with the code, and the message in the element.
  await plain.locator('input[type=file]').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text') });
  await expect.poll(async () => (await heard(page, 'inpage-error', 'plain')).length).toBe(1);
  const [failure] = await heard(page, 'inpage-error', 'plain');
  expect(['UNSUPPORTED_FORMAT', 'INVALID_INPUT']).toContain(failure.detail.code);
  await expect(plain.getByRole('status')).toHaveText(failure.detail.message);

  // Theming through custom properties reaches inside; the elements' styles never reach out.
  const look = await page.evaluate(() => {
    const inner = (id: string) => getComputedStyle(document.getElementById(id)!.shadowRoot!.querySelector('.button')!);
    const outside = getComputedStyle(document.getElementById('outside')!);
    return {
      themed: inner('themed').backgroundColor,
      themedRadius: inner('themed').borderTopLeftRadius,
      plain: inner('plain').backgroundColor,
      outside: outside.backgroundColor,
      pageFont: getComputedStyle(document.body).fontFamily,
      pageSheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
    };
  });
  expect(look).toMatchObject({ themed: 'rgb(200, 0, 0)', themedRadius: '0px', plain: 'rgb(33, 86, 217)', pageFont: 'serif', pageSheets: 1, adopted: 0 });
  expect(look.outside).not.toBe('rgb(33, 86, 217)');
});

test('an element on an origin the hub does not list shows FORBIDDEN_ORIGIN and starts no worker', async ({ page, context }) => {
  const workers: string[] = [];
  context.on('request', (request) => request.url().includes('/assets/worker-') && workers.push(request.url()));
  await page.goto(`${stranger.origin}/`);
  const plain = page.locator('#plain');
  await plain.locator('input[type=file]').setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: fixture('images/coffee.png') });
  await expect.poll(async () => (await heard(page, 'inpage-error', 'plain')).length).toBe(1);
  const [failure] = await heard(page, 'inpage-error', 'plain');
  expect(failure.detail).toMatchObject({ code: 'FORBIDDEN_ORIGIN', service: 'image' });
  await expect(plain.getByRole('status')).toContainText(`does not serve pages from ${stranger.origin}`);
  expect(workers).toEqual([]);
});

test('the docs page snippet, pasted into a partner page, works as written', async ({ page, context }) => {
  await page.goto('/#/embed');
  await expect(page.getByRole('heading', { name: 'Use InPage on your site' })).toBeVisible();
  const snippet = await page.locator('[data-snippet="script"]').textContent();
  expect(snippet).toContain(`${TOOLKIT}/inpage.js`);
  await expect(page.locator('[data-snippet="hub"]')).toContainText(`connect({ hub: '${TOOLKIT}/embed.html' })`);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy: Script tag and custom elements' }).click();
  await expect(page.getByRole('button', { name: 'Copy: Script tag and custom elements' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

  files['/pasted'] = html(`<title>Pasted</title>${snippet}`);
  await context.route(`${TOOLKIT}/embed.config.json`, (route) => route.fulfill({ json: { allowedOrigins: [partner.origin] } }));
  const pasted = await context.newPage();
  await pasted.goto(`${partner.origin}/pasted`);
  const element = pasted.locator('inpage-image-classifier');
  await element.locator('input[type=file]').setInputFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: fixture('images/coffee.png') });
  await expect(element.getByRole('listitem')).toHaveCount(3);
  await expect(element.getByRole('listitem').first()).toContainText('espresso');
  // The snippet's theme reached inside the element.
  const accent = await element.evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.button')!).backgroundColor);
  expect(accent).toBe('rgb(10, 125, 69)');
});
