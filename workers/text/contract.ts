/** The text service's API: what the bus validates and what the SDK's `ai.text` offers. */
import { z } from 'zod';
import type { ErrorCode } from '../../src/core/errors';
import { defineContract, returns } from '../../src/core/protocol';

/**
 * A single text longer than this is refused (TOO_LARGE); in a batch it is judged on its first MAX_TEXT_CHARS
 * characters and marked `truncated`. Anything over the model's token limit is truncated with a notice too.
 */
export const MAX_TEXT_CHARS = 100_000;
/** Rows in one request (a pasted list or an uploaded file). */
export const MAX_ROWS = 50_000;
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** A text, a list of texts, or a file (.txt: one text per line; .csv: a text/comment/feedback column, else the first). */
export type TextInput = string | string[] | Blob;

const isBlob = (value: unknown) => typeof Blob === 'function' && value instanceof Blob;

// Lengths and row counts are checked where the texts are read (decode.ts), for one clear TOO_LARGE.
const textInput = z.union(
  [z.string(), z.array(z.string()), z.custom<Blob>(isBlob)],
  { error: 'Expected text: a string, an array of strings, or a .txt / .csv File.' },
);

const modelId = z.string().min(1).max(200);
/** Texts per model call: progress is reported and cancellation checked between batches. */
const batchSize = z.number().int().min(1).max(256).default(32);

export const textContract = defineContract({
  name: 'text',
  methods: {
    /** The texts a file (or list) holds, by the same rules every method reads them with. */
    read: { idempotent: true, args: ['text'], input: z.object({ text: textInput }), output: returns<string[]>() },
    /** One answer per text, in order; in a batch (a list or a file) an item that cannot be judged is an ItemError. */
    sentiment: { idempotent: true, args: ['text'], input: z.object({ text: textInput, batchSize }), output: returns<(Sentiment | ItemError)[]>() },
    classify: {
      idempotent: true,
      args: ['text'],
      input: z
        .object({
          text: textInput,
          labels: z.array(z.string().trim().min(1, 'A label may not be empty.').max(100)).min(2, 'Give at least two labels.').max(50).optional(),
          model: modelId.optional(),
          batchSize,
        })
        .refine((v) => (v.labels ? 1 : 0) + (v.model ? 1 : 0) === 1, {
          message: 'Give either labels (zero-shot) or a trained classifier model id, e.g. { model: "spam-detector" }.',
        }),
      output: returns<(Classified | ItemError)[]>(),
    },
    embed: { idempotent: true, args: ['text'], input: z.object({ text: textInput, model: modelId.optional(), batchSize }), output: returns<number[][]>() },
    index: {
      idempotent: true,
      needs: 'storage',
      args: ['docs'],
      input: z.object({
        docs: z
          .array(z.object({ id: z.string().min(1).max(500), text: z.string() }))
          .min(1, 'Give at least one document.')
          .max(MAX_ROWS),
        model: modelId.optional(),
        batchSize,
      }),
      output: returns<{ indexed: number; model: string; truncated: number }>(),
    },
    search: {
      idempotent: true,
      needs: 'storage',
      args: ['query'],
      input: z.object({ query: z.string(), topK: z.number().int().min(1).max(100).default(5), model: modelId.optional() }),
      output: returns<SearchHit[]>(),
    },
    /** The newest stored documents (without embeddings) and how many are stored in all. */
    listDocuments: {
      idempotent: true,
      needs: 'storage',
      args: [],
      input: z.object({ limit: z.number().int().min(1).max(MAX_ROWS).default(100) }),
      output: returns<{ total: number; documents: StoredDocument[] }>(),
    },
    /** "Analyse a call": the sentiment of a transcript, published as `text.sentiment`. */
    analyseTranscript: { args: ['text'], input: z.object({ text: z.string().max(MAX_TEXT_CHARS) }), output: returns<Sentiment>() },
  },
  topics: { 'text.sentiment': returns<TranscriptSentiment>() },
  // The speech service publishes its transcripts; this service scores them without either importing the other.
  subscriptions: { 'speech.transcribed': 'analyseTranscript' },
  // 10,000 long rows take minutes on one WASM thread; progress shows it and the caller can cancel.
  // Up to 32 requests wait inside a replica, so single texts sent at once are joined into one model run (src/runtime/serving/coalesce.ts).
  limits: { concurrency: 32, maxQueue: 64, timeoutMs: 600_000, startTimeoutMs: 180_000, heartbeatTimeoutMs: 60_000 },
});

export interface Sentiment {
  label: 'POSITIVE' | 'NEGATIVE';
  /** The calibrated probability of `label` (0.5 = unsure). */
  score: number;
  /** The manifest id of the model that answered: DistilBERT SST-2 where the device has it, else the project's own. */
  model: string;
  /** Set when the text was longer than the model reads: only its beginning was judged. */
  truncated?: true;
}

/** In a batch, an item that could not be judged (empty, binary) carries its own typed error; the others are answered. */
export interface ItemError {
  error: { code: ErrorCode; message: string };
}

export interface LabelScore {
  label: string;
  score: number;
}

export interface Classified {
  /** Best first. */
  labels: LabelScore[];
  /** The model that answered (a classifier's manifest id, the NLI model, or the embedder for zero-shot). */
  model: string;
  /** Zero-shot only: an NLI model's entailment, or sentence-embedding similarity where no NLI model is here. */
  method?: 'nli' | 'embedding';
  truncated?: true;
}

export interface SearchHit {
  id: string;
  text: string;
  score: number;
}

export interface StoredDocument {
  id: string;
  text: string;
  model: string;
  at: number;
}

/** What `text.sentiment` carries: the analysed transcript with its sentiment, or why there is none. */
export type TranscriptSentiment = { text: string } & (Sentiment | ItemError);
