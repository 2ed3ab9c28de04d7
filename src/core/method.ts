/**
 * What a contract says of one method, and what every call of it may carry: the types the contract (protocol.ts)
 * and the storage methods every service has (storage.ts) both build on.
 */
import type { z } from 'zod';

export interface MethodSpec<Schema extends z.ZodType = z.ZodType> {
  /** Positional argument names of the SDK call; a trailing plain-object argument is merged in as options. */
  readonly args: readonly string[];
  /** Validated on the page before the request leaves, and again in the worker. */
  readonly input: Schema;
  /**
   * `storage`: the method reads back, changes or deletes what the person keeps in the service's database.
   * A hub answers it only for origins granted `storage`; where the browser refuses storage, it answers
   * STORAGE_UNAVAILABLE.
   */
  readonly needs?: 'storage';
  /** What the method answers (see `returns`): types the worker's handler and the SDK's call alike. */
  readonly output?: z.ZodType;
  /**
   * The payload's `session` (when given) names state that lives in one replica, as `<replica id>/<name>`
   * (see sessionReplica): the bus sends the request to that replica, never to another.
   */
  readonly sticky?: true;
  /**
   * Running the call twice changes nothing a person sees beyond running it once (it reads, or writes only
   * what its answer then says): when its replica crashes mid-call, the bus tries it once more elsewhere.
   */
  readonly idempotent?: true;
  /**
   * `opens`: the answer's `session` names a session the replica now holds; `closes`: the call ends the
   * payload's session. A retiring replica (restart, scale down, new backend) stops only once its sessions
   * are closed or lapse, so a live session is never cut off mid-sentence.
   */
  readonly session?: 'opens' | 'closes';
}

/** Per-call options every SDK method accepts as part of its last argument. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (progress: Progress) => void;
  /** Joins this request to an existing trace (a request made while handling another). */
  trace?: string;
  /**
   * Set by a hub for a partner page without the `storage` grant: the call writes nothing into the
   * person's stores and reads nothing they taught (custom models, words). A partner cannot unset it.
   */
  guest?: boolean;
}

export interface Progress {
  phase: string;
  loaded?: number;
  total?: number;
  file?: string;
  message?: string;
  /** Numbers a chart can plot as they come (a training epoch's loss and accuracy). */
  metrics?: Record<string, number>;
}
