/** Shared test helpers: real fixture files from ../shared, handed to the page as Blobs. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

export const SHARED = resolve(fileURLToPath(import.meta.url), '../../../../shared');

export function fixture(path: string): Buffer {
  return readFileSync(resolve(SHARED, 'fixtures', path));
}

/** Opens the app and connects the SDK from the public /inpage.js, exposing it as window.ai. */
export async function openSdk(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await page.evaluate(async () => {
    const sdk = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    (window as unknown as Record<string, unknown>).sdk = sdk;
    (window as unknown as Record<string, unknown>).ai = await sdk.connect();
  });
}

/** Base64 of bytes, for passing files into page.evaluate. */
export function b64(bytes: Buffer): string {
  return bytes.toString('base64');
}
