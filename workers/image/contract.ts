/** The image service's API: what the bus validates and what the SDK's `ai.image` offers. */
import { z } from 'zod';
import { defineContract, type CallOptions } from '../../src/bus/protocol';

/** Decoded images above this are refused before decoding (a 50-megapixel RGBA bitmap is 200 MB). */
export const MAX_PIXELS = 50_000_000;
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type ImageInput = Blob | ImageBitmap | ImageData;

const isA = (name: 'Blob' | 'ImageBitmap' | 'ImageData', value: unknown) => {
  const type = (globalThis as Record<string, unknown>)[name] as (abstract new (...args: never[]) => unknown) | undefined;
  return typeof type === 'function' && value instanceof type;
};

const imageInput = z.custom<ImageInput>((value) => isA('Blob', value) || isA('ImageBitmap', value) || isA('ImageData', value), {
  message: 'Expected an image: a File or Blob (PNG, JPEG, GIF, WebP, BMP), an ImageBitmap or ImageData.',
});

export const imageContract = defineContract({
  name: 'image',
  methods: {
    classify: {
      args: ['image'],
      input: z.object({ image: imageInput, topK: z.number().int().min(1).max(1000).default(5) }),
    },
    detect: {
      args: ['image'],
      input: z.object({
        image: imageInput,
        minScore: z.number().min(0).max(1).default(0.3),
        maxResults: z.number().int().min(1).max(100).default(20),
      }),
    },
    history: { args: [], input: z.object({ limit: z.number().int().min(1).max(1000).default(50) }) },
    clearHistory: { args: [], input: z.object({}) },
  },
  // A forced cpu backend blocks the worker for seconds per detection: allow that before calling it hung.
  limits: { concurrency: 2, maxQueue: 64, timeoutMs: 120_000, heartbeatTimeoutMs: 30_000 },
});

export interface Classification {
  label: string;
  probability: number;
}

export interface Detection {
  label: string;
  score: number;
  /** In the original image's pixels. */
  box: { x: number; y: number; width: number; height: number };
}

export interface HistoryEntry {
  id: number;
  at: number;
  task: 'classify' | 'detect';
  model: string;
  label: string;
  probability: number;
  width: number;
  height: number;
  /** A small WebP of the input, so the history is recognisable without keeping the original. */
  thumbnail?: Blob;
}

export interface ImageService {
  classify(image: ImageInput, options?: { topK?: number } & CallOptions): Promise<Classification[]>;
  detect(image: ImageInput, options?: { minScore?: number; maxResults?: number } & CallOptions): Promise<Detection[]>;
  history(options?: { limit?: number } & CallOptions): Promise<HistoryEntry[]>;
  clearHistory(options?: CallOptions): Promise<void>;
}
