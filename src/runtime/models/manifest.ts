/** The description of one model, as kept in models/*.json; checked when a worker reads it. */
import { z } from 'zod';

const modelFile = z.object({
  path: z.string().min(1),
  bytes: z.number().int().positive().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

/** An immutable revision: a commit id (Hugging Face) or a module version number (TF Hub). A branch such as `main` moves. */
export const IMMUTABLE_REVISION = /^([0-9a-f]{40}|[0-9]+)$/;

const modelSource = z
  .object({
    /** Folder URL ending in '/'. A relative one is resolved against the self-hosted mirror. */
    base: z.string().endsWith('/'),
    /** Appended to each file's URL (TF Hub wants `?tfjs-format=file`). */
    query: z.string().optional(),
    /**
     * The hub revision `base` names, as one of its path segments (`resolve/<commit>/`, `.../classification/2/`).
     * A hub source is used only with one, and only when every file has a sha256 (models/README.md).
     */
    revision: z.string().regex(IMMUTABLE_REVISION, 'a revision is a 40-hex commit id or a version number').optional(),
  })
  .refine((source) => !source.revision || source.base.includes(`/${source.revision}/`), {
    message: 'a source\'s revision must be a segment of its base URL, so the URL fetched is the revision pinned',
  });

const modelManifest = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  service: z.string().min(1),
  task: z.string().min(1),
  /** `json`: small weights the service reads itself (e.g. a trained head over another model's embeddings). */
  runtime: z.enum(['tfjs-layers', 'tfjs-graph', 'transformers', 'onnx', 'json', 'pocketsphinx']),
  license: z.string().min(1),
  /**
   * The project folder (or installed npm package folder) whose files every build carries as assets
   * (scripts/shipped-models.mjs); tried before `sources`.
   */
  ships: z.string().endsWith('/').optional(),
  /** Tried in order after the shipped files: the self-hosted mirror first, then the public hub. */
  sources: z.array(modelSource).default([]),
  /** The entry file first. Files the entry names (weight shards) are found from it when not listed. */
  files: z.array(modelFile).min(1),
  /** A file among `files` holding a JSON array of class names, or the names themselves. */
  labels: z.union([z.string(), z.array(z.string())]).optional(),
  input: z.object({ size: z.number().int().positive(), range: z.tuple([z.number(), z.number()]) }).optional(),
  /** Library-specific settings (e.g. MobileNet version and alpha). */
  options: z.record(z.string(), z.unknown()).optional(),
});

const checkedManifest = modelManifest.refine((m) => m.ships !== undefined || m.sources.length > 0, { message: 'a model needs `ships` or at least one source' });

export type ModelFile = z.infer<typeof modelFile>;
export type ModelSource = z.infer<typeof modelSource>;
export type ModelManifest = z.infer<typeof modelManifest>;

export function parseManifest(json: unknown): ModelManifest {
  return checkedManifest.parse(json);
}
