import type { Page } from '@playwright/test';

export const DIRECT_PATH: string;
export const MODEL_DIR: string;
export const MODEL_ID: string;
/** The shipped classifiers the page can load, by manifest id: their folder under /models/. */
export const MODEL_DIRS: Record<string, string>;
/** TF.js and its WASM backend from node_modules, by file name. */
export const TFJS_FILES: Record<string, string>;
/** ONNX Runtime Web's wasm build from node_modules, by file name. */
export const ORT_FILES: Record<string, string>;
/** The ONNX conversions of the shipped classifiers, by the TF.js model's id: their folder under /models/. */
export const ONNX_DIRS: Record<string, string>;
/** TF.js and ONNX Runtime files plus the page script, by the names the page asks DIRECT_PATH for. */
export const DIRECT_FILES: Record<string, string>;

/** Loads TF.js and the model on the page; afterwards `window.inpageDirect` classifies there directly. */
export function loadDirect(page: Page, options?: { backend?: string; threads?: number; model?: string }): Promise<{ backend: string; tfjs: string; threads?: number }>;

/** Loads ONNX Runtime Web and the model's ONNX conversion on the page; afterwards `window.inpageOnnx` runs it. */
export function loadDirectOnnx(page: Page, options?: { threads?: number; model?: string }): Promise<{ ort: string; threads: number }>;

/** What loadDirectOnnx puts on the page. */
export interface InPageOnnx {
  run(values: Float32Array): Promise<{ probabilities: Float32Array; embedding: Float32Array }>;
}

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
  /** One image as the model's input array (`[1, size, size, 3]` in its range), the service's preprocessing. */
  inputOf(blob: Blob): Promise<Float32Array>;
  /** The probabilities and the pooled embedding for one input array. */
  run(values: Float32Array): Promise<{ probabilities: Float32Array; embedding: Float32Array }>;
}
