import type { Page } from '@playwright/test';

export const DIRECT_PATH: string;
export const MODEL_DIR: string;
export const MODEL_ID: string;
/** The shipped classifiers the page can load, by manifest id: their folder under /models/. */
export const MODEL_DIRS: Record<string, string>;
/** TF.js and its WASM backend from node_modules, by file name. */
export const TFJS_FILES: Record<string, string>;
/** TF.js files plus the page script, by the names the page asks DIRECT_PATH for. */
export const DIRECT_FILES: Record<string, string>;

/** Loads TF.js and the model on the page; afterwards `window.inpageDirect` classifies there directly. */
export function loadDirect(page: Page, options?: { backend?: string; threads?: number; model?: string }): Promise<{ backend: string; tfjs: string; threads?: number }>;

export interface Classification {
  label: string;
  probability: number;
}

/** What bench/direct-page.js puts on the page. */
export interface InPageDirect {
  classify(blob: Blob, topK?: number): Promise<Classification[]>;
  probabilities(blob: Blob): Promise<Float32Array>;
  /** The preprocessing of the release before: full-size decode and resize in TF.js. */
  classifyAsBefore(blob: Blob, topK?: number): Promise<Classification[]>;
  /** The forward pass alone, on a batch already in the model's shape. */
  forward(): Promise<void>;
}
