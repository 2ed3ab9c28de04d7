/**
 * <inpage-sentiment> and <inpage-voice-commands> on a partner's page: the text service always has a
 * sentiment model (the project ships its own), and the speech service listens on the (fake) microphone.
 */
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/setup.mjs';

// A fake microphone, granted without a prompt, for the voice element.
test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] } });

async function openElements(page: Page, body: string): Promise<void> {
  await page.route('**/__elements.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><script type="module" src="/inpage.js"></script><script>
        window.heard = [];
        for (const name of ['inpage-result', 'inpage-error']) document.addEventListener(name, (e) => window.heard.push({ name, detail: e.detail }));
      </script>${body}`,
    }),
  );
  await page.goto('/__elements.html');
  await page.waitForFunction(() => window.InPage);
}

const heard = (page: Page) => page.evaluate(() => (window as any).heard as { name: string; detail: any }[]);

test('<inpage-sentiment> shows POSITIVE for a clearly positive text', async ({ page }) => {
  await openElements(page, '<inpage-sentiment button-label="Judge"></inpage-sentiment>');
  const element = page.locator('inpage-sentiment');
  await element.getByRole('textbox', { name: 'Text to judge' }).fill('I love this product, it works wonderfully and the support team was great.');
  await element.getByRole('button', { name: 'Judge' }).click();
  await expect.poll(async () => (await heard(page)).length, { timeout: 120_000 }).toBe(1);
  const event = (await heard(page))[0]!;
  // DistilBERT SST-2 where the device has it, else the project's own model: a verdict either way.
  expect(event, JSON.stringify(event.detail)).toMatchObject({ name: 'inpage-result', detail: { service: 'text', method: 'sentiment', value: { label: 'POSITIVE' } } });
  await expect(element.getByRole('status').first()).toContainText('Positive');
});

test('<inpage-voice-commands> starts and stops listening on the microphone', async ({ page }) => {
  await openElements(page, '<inpage-voice-commands threshold="0.9"></inpage-voice-commands>');
  const element = page.locator('inpage-voice-commands');
  await element.getByRole('button', { name: 'Start listening' }).click();
  await expect(element.getByRole('button', { name: 'Stop listening' })).toBeVisible({ timeout: 120_000 });
  await element.getByRole('button', { name: 'Stop listening' }).click();
  await expect(element.getByRole('button', { name: 'Start listening' })).toBeVisible();
});
