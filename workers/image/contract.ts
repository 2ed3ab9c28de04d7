/** The image service's API: what the bus validates and what the SDK's `ai.image` offers. */
import { z } from 'zod';
import { defineContract, returns } from '../../src/core/protocol';

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

/** A custom model's name: what follows `custom:` in classify's `model` option. */
const customName = z
  .string()
  .regex(/^[\w .-]{1,64}$/, 'A custom model name is 1 to 64 letters, digits, spaces, dots, dashes or underscores.');

export const CUSTOM_FORMAT = 'inpage-image-custom/1';

/** A custom model as a file: its classes with their examples' embeddings on the named base model. */
export const customModelFile = z.object({
  format: z.literal(CUSTOM_FORMAT, { message: `Not an InPage custom-classes file (expected format "${CUSTOM_FORMAT}").` }),
  name: customName,
  base: z.string().min(1),
  dimensions: z.number().int().min(1).max(8192),
  classes: z
    .array(z.object({ label: z.string().min(1).max(100), examples: z.array(z.array(z.number()).max(8192)).min(1).max(200) }))
    .min(1)
    .max(50),
});

export type CustomModelFile = z.infer<typeof customModelFile>;

export const imageContract = defineContract({
  name: 'image',
  methods: {
    classify: {
      // Its history entry is written only once the replica is idle after answering: a crashed try wrote none.
      idempotent: true,
      args: ['image'],
      input: z.object({
        image: imageInput,
        topK: z.number().int().min(1).max(1000).default(5),
        /** `custom:<name>` answers with the classes taught to that custom model; otherwise ImageNet. */
        model: z.string().regex(/^custom:[\w .-]{1,64}$/, 'model must be "custom:<name>" (or left out for ImageNet).').optional(),
      }),
      output: returns<Classification[]>(),
    },
    /** Adds example images to one class of a custom model (both created when new). */
    teach: {
      needs: 'storage',
      args: ['model', 'label', 'images'],
      input: z.object({ model: customName, label: z.string().trim().min(1).max(100), images: z.array(imageInput).min(1).max(50) }),
      output: returns<CustomModelSummary>(),
    },
    /** The custom models stored, with their classes and example counts. */
    listModels: { needs: 'storage', idempotent: true, args: [], input: z.object({}), output: returns<CustomModelSummary[]>() },
    deleteClass: { needs: 'storage', args: ['model', 'label'], input: z.object({ model: customName, label: z.string().min(1) }), output: returns<CustomModelSummary>() },
    deleteModel: { needs: 'storage', args: ['model'], input: z.object({ model: customName }), output: returns<void>() },
    /** A custom model as JSON (format inpage-image-custom/1). */
    exportModel: { needs: 'storage', idempotent: true, args: ['model'], input: z.object({ model: customName }), output: returns<CustomModelFile>() },
    /** Stores an exported model, under `name` when given (else the file's), replacing one of that name. */
    importModel: {
      needs: 'storage',
      args: ['file'],
      input: z.object({ file: customModelFile, name: customName.optional() }),
      output: returns<CustomModelSummary>(),
    },
    detect: {
      idempotent: true,
      args: ['image'],
      input: z.object({
        image: imageInput,
        minScore: z.number().min(0).max(1).default(0.3),
        maxResults: z.number().int().min(1).max(100).default(20),
      }),
      output: returns<Detection[]>(),
    },
    history: { needs: 'storage', idempotent: true, args: [], input: z.object({ limit: z.number().int().min(1).max(1000).default(50) }), output: returns<HistoryEntry[]>() },
    clearHistory: { needs: 'storage', args: [], input: z.object({}), output: returns<void>() },
  },
  // A forced cpu backend blocks the worker for seconds per detection: allow that before calling it hung.
  // Tensors that leak (a missed dispose) grow a replica's memory: past the budget it is replaced.
  limits: { concurrency: 2, maxQueue: 64, timeoutMs: 120_000, heartbeatTimeoutMs: 30_000, memoryBudgetBytes: 1024 * 2 ** 20 },
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

export interface CustomModelSummary {
  name: string;
  /** The base model whose embeddings the examples are: classifying needs that model. */
  base: string;
  classes: Array<{ label: string; examples: number }>;
  updatedAt: number;
}
