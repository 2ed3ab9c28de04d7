/** What a handler gets with each request: below serve(), so what serve() uses (storage, offline models) can type its handlers. */
import type { Progress } from '../../core/protocol';

export interface RequestContext {
  id: string;
  trace: string;
  /** Aborted when the caller cancels or the deadline passes: check it between batches, chunks, epochs. */
  signal: AbortSignal;
  progress(progress: Progress): void;
  /** Publishes on the bus as part of this request's trace, so what it sets off is traced with it. */
  publish(topic: string, data: unknown): void;
  /** A partner's call without the storage grant: keep no history of it, use nothing the person taught. */
  guest: boolean;
}

/** What a long piece of work needs from its request: the signal that cancels it and the way to report progress. */
export type RequestControl = Pick<RequestContext, 'signal' | 'progress'>;
