/**
 * Joins small pieces of work into one batch: texts for one model (a page sending one text per call would
 * otherwise pay a model run each), history entries for one store (one transaction, not one each). Work
 * that finds the batch free runs at once; what arrives while it runs (queued on this thread behind it)
 * waits for it and then runs together, up to `max` items, and so on until nothing waits. A lone call
 * (one at a time) so never waits for a batch that will not come.
 */
export class Coalescer<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private draining = false;

  constructor(
    /** Runs one batch: one answer per item, in order. */
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly max: number,
  ) {}

  /** The answers for `items`, run together with whatever else waits; a cancelled call leaves the batch. */
  submit(items: T[], signal?: AbortSignal): Promise<R[]> {
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      this.waiting.push({ items, signal, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      // Requests sent in the same task as this one join it.
      await Promise.resolve();
      while (this.waiting.length) {
        const batch = this.take();
        if (batch.length) {
          try {
            const answers = await this.run(batch.flatMap((w) => w.items));
            let at = 0;
            for (const w of batch) w.resolve(answers.slice(at, (at += w.items.length)));
          } catch (error) {
            for (const w of batch) w.reject(error);
          }
        }
        // One task, after the answers are on their way: the requests queued on this thread meanwhile arrive and join.
        await nextTask();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Whole calls, oldest first, up to `max` items (always at least one); cancelled ones are answered as such. */
  private take(): Waiting<T, R>[] {
    const batch: Waiting<T, R>[] = [];
    let items = 0;
    while (this.waiting.length) {
      const next = this.waiting[0]!;
      if (next.signal?.aborted) {
        this.waiting.shift();
        next.reject(next.signal.reason);
        continue;
      }
      if (batch.length && items + next.items.length > this.max) break;
      batch.push(this.waiting.shift()!);
      items += next.items.length;
    }
    return batch;
  }
}

interface Waiting<T, R> {
  items: T[];
  signal?: AbortSignal;
  resolve(answers: R[]): void;
  reject(error: unknown): void;
}

/** After the tasks already queued on this thread: a message to itself, which no timer clamp delays. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}
