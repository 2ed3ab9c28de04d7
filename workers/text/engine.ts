/**
 * The text service's models, all run through Transformers.js: a sentiment classifier, trained classifiers
 * picked by manifest id (the project's own spam-detector), zero-shot labels over an NLI model, and sentence
 * embeddings. The spam-detector is loaded at start (it ships with the app, so the service always has a
 * working model); the others load on first use and a missing one answers MODEL_UNAVAILABLE.
 */
import sentimentManifest from '../../models/text-sentiment-distilbert-sst2.json';
import embeddingManifest from '../../models/text-embedding-minilm-l6.json';
import zeroShotManifest from '../../models/text-zero-shot-deberta-xsmall.json';
import spamManifest from '../../models/spam-detector.json';
import { InPageError } from '../../src/bus/errors';
import { parseManifest, type ModelManifest } from '../../src/runtime/manifest';
import type { RequestContext, Runtime } from '../../src/runtime/serve';
import type { ServiceDb } from '../../src/runtime/store';
import { loadPipeline, type AnyPipeline, type LoadedPipeline } from '../../src/runtime/transformers';
import type { Classified, LabelScore, Sentiment } from './contract';

export const MANIFESTS = [spamManifest, sentimentManifest, embeddingManifest, zeroShotManifest].map(parseManifest);
const byId = (id: string) => MANIFESTS.find((m) => m.id === id);
const SPAM = byId('spam-detector')!;
const SENTIMENT = byId('text-sentiment-distilbert-sst2')!;
const EMBEDDING = byId('text-embedding-minilm-l6')!;
const ZERO_SHOT = byId('text-zero-shot-deberta-xsmall')!;

/** Manifest task → Transformers.js pipeline task. */
const PIPELINE_TASK = {
  'text-classification': 'text-classification',
  'sentiment-analysis': 'text-classification',
  'zero-shot-classification': 'zero-shot-classification',
  'feature-extraction': 'feature-extraction',
} as const;

type Request = Pick<RequestContext, 'signal' | 'progress'>;

export class TextEngine {
  private readonly pipelines = new Map<string, Promise<LoadedPipeline>>();

  private constructor(
    private readonly runtime: Runtime,
    private readonly db: ServiceDb,
  ) {}

  static async load(runtime: Runtime, db: ServiceDb): Promise<TextEngine> {
    const engine = new TextEngine(runtime, db);
    const first = byId(runtime.init.model ?? '') ?? SPAM;
    const loaded = await engine.pipeline(first);
    runtime.describe({
      backend: loaded.device,
      backendTimings: loaded.choice.timings,
      backendFailures: loaded.choice.failures,
      model: loaded.manifest.id,
      modelLoadMs: loaded.modelLoadMs,
      modelBytes: loaded.bytes.bytes,
    });
    return engine;
  }

  async sentiment(texts: string[], batchSize: number, request: Request): Promise<Sentiment[]> {
    const results = await this.classifyWith(SENTIMENT, texts, batchSize, request);
    return results.map(({ labels, truncated }) => ({ ...(labels[0] as { label: Sentiment['label']; score: number }), ...(truncated && { truncated }) }));
  }

  /** A trained classifier by manifest id: every label's score, best first. */
  async classify(modelId: string, texts: string[], batchSize: number, request: Request): Promise<Classified[]> {
    const manifest = byId(modelId);
    if (!manifest || !['text-classification', 'sentiment-analysis'].includes(manifest.task)) {
      const known = MANIFESTS.filter((m) => m.task !== 'feature-extraction' && m.task !== 'zero-shot-classification').map((m) => m.id);
      throw new InPageError('INVALID_INPUT', `No text classifier "${modelId}". Known: ${known.join(', ')}; or give labels for zero-shot.`, 'text');
    }
    return this.classifyWith(manifest, texts, batchSize, request);
  }

  async zeroShot(texts: string[], labels: string[], request: Request): Promise<Classified[]> {
    const { pipe } = await this.pipeline(ZERO_SHOT, request);
    // One text at a time: the pipeline runs one NLI pass per label anyway.
    return this.batched(texts, 1, request, async ([text]) => {
      const out = (await pipe(text, labels)) as { labels: string[]; scores: number[] };
      return [{ labels: out.labels.map((label, i) => ({ label, score: out.scores[i]! })), ...(await this.truncated(pipe, [text!]))[0] }];
    });
  }

  /** Normalised mean-pooled sentence embeddings. */
  async embed(texts: string[], modelId: string | undefined, batchSize: number, request: Request): Promise<{ model: string; vectors: Float32Array[]; truncated: number }> {
    const manifest = this.embedder(modelId);
    const { pipe } = await this.pipeline(manifest, request, 'feature-extraction');
    let truncated = 0;
    const vectors = await this.batched(texts, batchSize, request, async (batch) => {
      truncated += (await this.truncated(pipe, batch)).filter((t) => t.truncated).length;
      const output = await pipe(batch, { pooling: 'mean', normalize: true });
      const [rows, width] = output.dims as [number, number];
      const data = output.data as Float32Array;
      return Array.from({ length: rows }, (_, i) => data.slice(i * width, (i + 1) * width));
    });
    return { model: manifest.id, vectors, truncated };
  }

  /** What each model is doing: loaded, loadable, or why not. */
  private embedder(modelId: string | undefined): ModelManifest {
    if (!modelId) return EMBEDDING;
    const manifest = byId(modelId);
    if (!manifest || !['feature-extraction', 'text-classification'].includes(manifest.task)) {
      throw new InPageError('INVALID_INPUT', `No embedding model "${modelId}". Known: ${EMBEDDING.id}, ${SPAM.id}.`, 'text');
    }
    return manifest;
  }

  private async classifyWith(manifest: ModelManifest, texts: string[], batchSize: number, request: Request): Promise<Classified[]> {
    const { pipe } = await this.pipeline(manifest, request);
    return this.batched(texts, batchSize, request, async (batch) => {
      const [scores, notes] = await Promise.all([pipe(batch, { top_k: null }) as Promise<LabelScore[][]>, this.truncated(pipe, batch)]);
      return scores.map((labels, i) => ({ labels, ...notes[i] }));
    });
  }

  /** Runs `work` over `texts` in batches, reporting progress and stopping between batches when cancelled. */
  private async batched<T>(texts: string[], size: number, request: Request, work: (batch: string[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (let start = 0; start < texts.length; start += size) {
      request.signal.throwIfAborted();
      out.push(...(await work(texts.slice(start, start + size))));
      if (texts.length > size) request.progress({ phase: 'infer', loaded: Math.min(start + size, texts.length), total: texts.length });
    }
    return out;
  }

  /** Which texts the tokenizer cut at the model's limit. Only long texts are counted, so short ones cost nothing. */
  private async truncated(pipe: AnyPipeline, texts: string[]): Promise<({ truncated?: true })[]> {
    const limit = Number(pipe.tokenizer?.model_max_length ?? 512);
    return texts.map((text) => (text.length + 2 > limit && pipe.tokenizer.encode(text).length > limit ? { truncated: true } : {}));
  }

  /** The model's pipeline, loading it once; a failure is reported and tried again on the next call. */
  private pipeline(manifest: ModelManifest, request?: Request, as?: 'feature-extraction'): Promise<LoadedPipeline> {
    // One model can serve two tasks (the spam detector classifies and, pooled, embeds): one pipeline each.
    const task = as ?? PIPELINE_TASK[manifest.task as keyof typeof PIPELINE_TASK];
    const key = `${task}:${manifest.id}`;
    let loading = this.pipelines.get(key);
    if (!loading) {
      const runtime = request ? { ...this.runtime, progress: request.progress } : this.runtime;
      loading = loadPipeline(task, manifest, { runtime, db: this.db, warmup: (pipe) => warmup(task, pipe) });
      this.pipelines.set(key, loading);
      // A failed load is retried on the next call (the files may have arrived meanwhile).
      loading.catch(() => this.pipelines.delete(key));
    }
    return loading.catch((error: unknown) => {
      throw unavailable(manifest, error);
    });
  }
}

function warmup(task: string, pipe: AnyPipeline): Promise<unknown> {
  const text = 'The delivery was quick and the support team answered every question.';
  if (task === 'zero-shot-classification') return pipe(text, ['shipping', 'billing']);
  if (task === 'feature-extraction') return pipe([text], { pooling: 'mean', normalize: true });
  return pipe([text]);
}

/** A missing default model says what to do, not just that a download failed. */
function unavailable(manifest: ModelManifest, error: unknown): InPageError {
  const failure = InPageError.from(error, 'text');
  if (failure.code !== 'MODEL_UNAVAILABLE') return failure;
  const local = manifest.sources.find((s) => !/^[a-z]+:/i.test(s.base))?.base;
  const hub = manifest.sources.some((s) => /^https?:/i.test(s.base));
  const hint = !local ? '' : hub
    ? ` To use it offline, put its files under public/models/${local} (npm run models:fetch does this where the hub is reachable).`
    : ` It ships with the app in models/${local}; rebuild it with models/build-${manifest.id}.py.`;
  return new InPageError('MODEL_UNAVAILABLE', `${manifest.name} is not available on this device.${hint} ${failure.message}`, 'text', failure.details);
}
