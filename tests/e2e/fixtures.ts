/** Shared test helpers: the committed fixture files (tests/fixtures/), handed to the page as Blobs. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import { crossOriginIsolationHeaders } from '../../scripts/static.mjs';

export { fixture } from '../fixtures/files.mjs';

/**
 * Opens a bare page on the app's origin (not the shell, whose own image worker would compete for the CPU)
 * and connects the SDK from the public /inpage.js, as any page there can, exposing it as window.ai.
 */
export async function openSdk(page: Page, query = '', origin = ''): Promise<void> {
  // Served like every page of the app: cross-origin isolated, so replicas get WASM threads.
  await page.route('**/__bare.html*', (route) =>
    route.fulfill({ contentType: 'text/html', headers: crossOriginIsolationHeaders(), body: '<!doctype html><title>SDK host</title>' }),
  );
  await page.goto(`${origin}/__bare.html${query}`);
  await page.evaluate(async () => {
    const sdk = await import(/* @vite-ignore */ `${location.origin}/inpage.js`);
    window.sdk = sdk;
    window.ai = await sdk.connect();
  });
}

/** Base64 of bytes, for passing files into page.evaluate. */
export function b64(bytes: Buffer): string {
  return bytes.toString('base64');
}

export type Answer<T> = { ok: true; value: T } | { ok: false; code: string; message: string; service?: string };

/** Calls `ai.image[method](blob, options)` on the page with the given bytes; errors come back as data. */
export async function callImage<T>(page: Page, method: 'classify' | 'detect', bytes: Buffer | string, type: string, options: object = {}): Promise<Answer<T>> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes).toString('base64') : b64(bytes);
  return page.evaluate(
    async ({ data, type, method, options }) => {
      const blob = new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type });
      try {
        return { ok: true as const, value: (await window.ai.image[method](blob, options)) as T };
      } catch (error: any) {
        return { ok: false as const, code: error.code, message: error.message, service: error.service };
      }
    },
    { data, type, method, options },
  );
}

export const CAT_CLASSES = ['Egyptian cat', 'tabby, tabby cat', 'tiger cat', 'Persian cat', 'Siamese cat, Siamese', 'lynx, catamount'];

/** A manifest of models/, by its file name without `.json`. */
export function manifest(name: string): ModelManifest {
  return JSON.parse(readFileSync(new URL(`../../models/${name}.json`, import.meta.url), 'utf8')) as ModelManifest;
}

/** The shipped model files the build emitted (dist/assets/models/, named by the bundler). */
export const SHIPPED_FILES = '**/assets/models/**';

/**
 * Answers the shipped model files that `answer` picks by their sha256 (the bundler gave each a name of its
 * own) as it says; the others as served.
 */
export async function routeShippedFiles(page: Page, answer: (sha256: string) => { status: number; contentType?: string; body: string } | undefined): Promise<void> {
  await page.route(SHIPPED_FILES, async (route) => {
    const response = await route.fetch();
    const instead = answer(createHash('sha256').update(await response.body()).digest('hex'));
    return route.fulfill(instead ?? { response });
  });
}

/** Answers one shipped model file with other bytes, as a broken server or an SPA fallback would. */
export function replaceShippedFile(page: Page, sha256: string, body: string, contentType: string): Promise<void> {
  return routeShippedFiles(page, (sha) => (sha === sha256 ? { status: 200, contentType, body } : undefined));
}
