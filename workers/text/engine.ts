/**
 * The text service's models. Hub models run through Transformers.js where the device has them (DistilBERT
 * SST-2, MiniLM, an NLI model); the project's own always answer otherwise: the spam-detector (loaded at
 * start, so the service always has a working model), the sentiment head on USE lite embeddings
 * (./sentiment.ts), and zero-shot labels by embedding similarity (./zero-shot.ts). Each task takes the
 * first model of its chain that loads, decided once per replica and tried again after a total failure.
 */
import { InPageError } from '../../src/core/errors';
import { firstThatLoads } from '../../src/runtime/serving/alternatives';
import { Coalescer } from '../../src/runtime/serving/coalesce';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { RequestControl } from '../../src/runtime/serving/request';
import type { Runtime } from '../../src/runtime/serving/serve';
import type { ServiceDb } from '../../src/runtime/storage/store';
import { loadPipeline, type AnyPipeline, type LoadedPipeline } from '../../src/runtime/backends/transformers';
import type { Classified, LabelScore, Sentiment } from './contract';
import { readMail } from './mail';
import { loadSentimentHead, type SentimentHead } from './sentiment';
import type { SentenceEncoder } from './use';
import { labelPrompts, labelVectors, refineLabelVectors, zeroShotScores } from './zero-shot';

type Task = 'sentiment' | 'embed' | 'zeroShot';

/** Each task's models, best first, from the descriptor's groups; the last of each ships with the app. */
function chainsOf(runtime: Pick<Runtime, 'group'>): Record<Task, { models: readonly ModelManifest[]; forced?: string }> {
  const embeddings = runtime.group('embeddings');
  return {
    sentiment: runtime.group('sentiment'),
    // The spam model's pooled features are a last resort for search, not meaning.
    embed: { models: [...embeddings.models, ...runtime.group('spam').models], forced: embeddings.forced },
    zeroShot: runtime.group('zero-shot'),
  };
}

/** Texts one joined batch may hold: the default batch size, which every model here runs well. */
const JOINED_BATCH = 32;

/** Manifest task → Transformers.js pipeline task. */
const PIPELINE_TASK = {
  'text-classification': 'text-classification',
  'sentiment-analysis': 'text-classification',
  'zero-shot-classification': 'zero-shot-classification',
  'feature-extraction': 'feature-extraction',
} as const;

export class TextEngine {
  private readonly pipelines = new Map<string, Promise<LoadedPipeline>>();
  private readonly encoders = new Map<string, Promise<SentenceEncoder>>();
  private readonly heads = new Map<string, Promise<SentimentHead>>();
  private readonly chosen = new Map<Task, Promise<ModelManifest>>();
  /** Per model and task: small requests waiting to run as one batch. */
  private readonly coalescers = new Map<string, Coalescer<string, unknown>>();
  /** The model that answered each task last, shown in metrics() (e.g. { sentiment: 'text-sentiment-inpage' }). */
  private readonly answeredBy: Record<string, string> = {};

  private readonly chains: ReturnType<typeof chainsOf>;
  /** Every model of the service's catalogue, each once. */
  private readonly known: ModelManifest[];

  private constructor(
    private readonly runtime: Runtime,
    private readonly db: ServiceDb,
  ) {
    this.chains = chainsOf(runtime);
    const all = ['spam', 'sentiment', 'embeddings', 'zero-shot'].flatMap((name) => runtime.group(name).models);
    this.known = all.filter((m, i) => all.findIndex((other) => other.id === m.id) === i);
  }

  private byId(id: string): ModelManifest | undefined {
    return this.known.find((m) => m.id === id);
  }

  /** The sentence encoder the project's own sentiment head was trained on (its manifest names it). */
  private headEncoder(head: ModelManifest): ModelManifest {
    const encoder = this.byId(String(head.options?.embedder));
    if (!encoder) throw new InPageError('INTERNAL', `${head.id} names an embedder the text service does not list.`, 'text');
    return encoder;
  }

  static async load(runtime: Runtime, db: ServiceDb): Promise<TextEngine> {
    const engine = new TextEngine(runtime, db);
    // A forced Transformers.js model starts the service; a forced other one (e.g. the own sentiment head) only leads its group.
    const forced = runtime.init.models ?? (runtime.init.model ? [runtime.init.model] : []);
    const first = forced.map((id) => engine.byId(id)).find((m) => m?.runtime === 'transformers') ?? runtime.group('spam').models[0]!;
    const loaded = await engine.pipeline(first);
    runtime.describe(loaded.describe());
    return engine;
  }

  /** DistilBERT SST-2 where the device has it, else the project's own head on USE lite. */
  async sentiment(texts: string[], batchSize: number, request: RequestControl): Promise<Sentiment[]> {
    const manifest = await this.first('sentiment', request);
    this.answered('sentiment', manifest);
    if (manifest.runtime === 'json') {
      const [head, encoder] = await Promise.all([this.head(manifest, request), this.encoder(this.headEncoder(manifest), request)]);
      return this.batched(texts, batchSize, request, async (batch) => {
        const notes = encoder.truncated(batch);
        return head.judge(batch, await encoder.embed(batch)).map((s, i) => ({ ...s, model: manifest.id, ...(notes[i] && { truncated: true as const }) }));
      }, `sentiment:${manifest.id}`);
    }
    const results = await this.classifyWith(manifest, texts, batchSize, request);
    return results.map(({ labels, truncated }) => ({ ...(labels[0] as { label: Sentiment['label']; score: number }), model: manifest.id, ...(truncated && { truncated }) }));
  }

  /** A trained classifier by manifest id: every label's score, best first. */
  async classify(modelId: string, texts: string[], batchSize: number, request: RequestControl): Promise<Classified[]> {
    const manifest = this.byId(modelId);
    if (!manifest || !['text-classification', 'sentiment-analysis'].includes(manifest.task) || manifest.runtime !== 'transformers') {
      const known = this.known.filter((m) => m.runtime === 'transformers' && ['text-classification', 'sentiment-analysis'].includes(m.task)).map((m) => m.id);
      throw new InPageError('INVALID_INPUT', `No text classifier "${modelId}". Known: ${known.join(', ')}; or give labels for zero-shot.`, 'text');
    }
    this.answered('classify', manifest);
    return this.classifyWith(manifest, texts, batchSize, request);
  }

  /** An NLI model's entailment where the device has one, else sentence-embedding similarity to the labels. */
  async zeroShot(texts: string[], labels: string[], batchSize: number, request: RequestControl): Promise<Classified[]> {
    const manifest = await this.first('zeroShot', request);
    this.answered('zeroShot', manifest);
    if (manifest.runtime === 'tfjs-graph') {
      const encoder = await this.encoder(manifest, request);
      const prompts = labelVectors(await encoder.embed(labels.flatMap(labelPrompts)), labels.length);
      // Every text first: the label vectors are fitted to the whole request, not to one batch of it.
      const embedded = await this.batched(texts, batchSize, request, async (batch) => encoder.embed(batch));
      const vectors = refineLabelVectors(prompts, embedded);
      const notes = encoder.truncated(texts);
      return embedded.map((v, i) => ({ labels: zeroShotScores(v, labels, vectors), model: manifest.id, method: 'embedding' as const, ...(notes[i] && { truncated: true as const }) }));
    }
    const { pipe } = await this.pipeline(manifest, request);
    // One text at a time: the pipeline runs one NLI pass per label anyway.
    return this.batched(texts, 1, request, async ([text]) => {
      const out = (await pipe(text, labels)) as { labels: string[]; scores: number[] };
      const labelled = out.labels.map((label, i) => ({ label, score: out.scores[i]! }));
      return [{ labels: labelled, model: manifest.id, method: 'nli' as const, ...(await this.truncated(pipe, [text!]))[0] }];
    });
  }

  /** Normalised sentence embeddings from the model asked for, else the default embedder. */
  async embed(texts: string[], modelId: string | undefined, batchSize: number, request: RequestControl): Promise<{ model: string; vectors: Float32Array[]; truncated: number }> {
    const manifest = modelId ? this.embedder(modelId) : await this.first('embed', request);
    if (manifest.runtime === 'tfjs-graph') {
      const encoder = await this.encoder(manifest, request);
      let truncated = 0;
      const vectors = await this.batched(texts, batchSize, request, (batch) => {
        truncated += encoder.truncated(batch).filter(Boolean).length;
        return encoder.embed(batch);
      });
      return { model: manifest.id, vectors, truncated };
    }
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

  /** An embedding model by id: a sentence encoder, or a classifier's pooled features. */
  private embedder(modelId: string): ModelManifest {
    const manifest = this.byId(modelId);
    if (!manifest || !['feature-extraction', 'text-classification'].includes(manifest.task) || manifest.runtime === 'json') {
      throw new InPageError('INVALID_INPUT', `No embedding model "${modelId}". Known: ${this.chains.embed.models.map((m) => m.id).join(', ')}.`, 'text');
    }
    return manifest;
  }

  /** The first model of a task's chain whose files this device has; decided once, tried again after a total failure. */
  private first(task: Task, request: RequestControl): Promise<ModelManifest> {
    let choosing = this.chosen.get(task);
    if (!choosing) {
      const ready = async (manifest: ModelManifest) => (await this.ready(manifest, request, task === 'embed' ? 'feature-extraction' : undefined), manifest);
      // A model forced for this visit (connect({ models: { text: id } })) is the only one its own group tries.
      const chain = this.chains[task];
      choosing = firstThatLoads(chain.models, ready, {
        service: 'text',
        forced: chain.forced,
        movesOn: (failure) => failure.code === 'MODEL_UNAVAILABLE',
      });
      this.chosen.set(task, choosing);
      choosing.catch(() => this.chosen.delete(task));
    }
    return choosing;
  }

  /** Loads whatever a model needs to answer (an own head needs its embedder too). */
  private async ready(manifest: ModelManifest, request: RequestControl, as?: 'feature-extraction'): Promise<void> {
    if (manifest.runtime === 'tfjs-graph') await this.encoder(manifest, request);
    else if (manifest.runtime === 'json') await Promise.all([this.head(manifest, request), this.encoder(this.headEncoder(manifest), request)]);
    else await this.pipeline(manifest, request, as);
  }

  private answered(task: string, manifest: ModelManifest): void {
    if (this.answeredBy[task] === manifest.id) return;
    this.answeredBy[task] = manifest.id;
    this.runtime.describe({ answeredBy: { ...this.answeredBy } });
  }

  /** A TF.js sentence encoder, loaded once; a failed load is tried again on the next call. */
  private encoder(manifest: ModelManifest, request: RequestControl): Promise<SentenceEncoder> {
    // TF.js is its own chunk, fetched only where a TF.js model is used, so the worker starts as small as before.
    return this.once(this.encoders, manifest, () => import('./use').then(({ loadUse }) => loadUse(manifest, { ...this.runtime, progress: request.progress }, this.db)));
  }

  /** The project's own sentiment head (small JSON files), loaded once. */
  private head(manifest: ModelManifest, request: RequestControl): Promise<SentimentHead> {
    return this.once(this.heads, manifest, () => loadSentimentHead(manifest, { ...this.runtime, progress: request.progress }, this.db));
  }

  private once<T>(cache: Map<string, Promise<T>>, manifest: ModelManifest, load: () => Promise<T>): Promise<T> {
    let loading = cache.get(manifest.id);
    if (!loading) {
      loading = load();
      cache.set(manifest.id, loading);
      loading.catch(() => cache.delete(manifest.id));
    }
    return loading.catch((error: unknown) => {
      throw unavailable(manifest, error);
    });
  }

  private async classifyWith(manifest: ModelManifest, texts: string[], batchSize: number, request: RequestControl): Promise<Classified[]> {
    const loaded = await this.pipeline(manifest, request);
    // A model built on mails (options.input "mail") reads them as its build did: decoded subject and body text.
    const read = manifest.options?.input === 'mail' ? texts.map(readMail) : texts;
    return this.batched(read, batchSize, request, async (batch) => {
      // The session that serves now: a joined batch may run after the device was switched.
      const { pipe } = loaded;
      const [scores, notes] = await Promise.all([pipe(batch, { top_k: null }) as Promise<LabelScore[][]>, this.truncated(pipe, batch)]);
      return scores.map((labels, i) => ({ labels, model: manifest.id, ...notes[i] }));
    }, `classify:${manifest.id}`);
  }

  /**
   * Runs `work` over `texts` in batches, reporting progress and stopping between batches when cancelled.
   * With `join` (the model's task and id), a request of one batch runs together with the others waiting
   * for that model (src/runtime/serving/coalesce.ts): single-text calls in flight cost one model run, not one each.
   */
  private async batched<T>(texts: string[], size: number, request: RequestControl, work: (batch: string[]) => Promise<T[]>, join?: string): Promise<T[]> {
    if (join && texts.length <= size) {
      let joined = this.coalescers.get(join) as Coalescer<string, T> | undefined;
      if (!joined) this.coalescers.set(join, (joined = new Coalescer(work, JOINED_BATCH)));
      return joined.submit(texts, request.signal);
    }
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
  private pipeline(manifest: ModelManifest, request?: RequestControl, as?: 'feature-extraction'): Promise<LoadedPipeline> {
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
  // A model this deployment lacks already says what installs it.
  if (failure.code !== 'MODEL_UNAVAILABLE' || (failure.details as { notInstalled?: boolean } | undefined)?.notInstalled) return failure;
  const local = manifest.sources.find((s) => !/^[a-z]+:/i.test(s.base))?.base;
  const hub = manifest.sources.some((s) => /^https?:/i.test(s.base));
  const hint = !local ? '' : hub
    ? ` To use it offline, put its files under public/models/${local} (npm run models:fetch does this where the hub is reachable).`
    : ` It ships with the app in models/${local}; rebuild it with its script in models/ (build-${manifest.id}.*).`;
  return new InPageError('MODEL_UNAVAILABLE', `${manifest.name} is not available on this device.${hint} ${failure.message}`, 'text', failure.details);
}
