/** The page-side handle of one service replica: a worker behind Comlink, watched by heartbeats. */
import * as Comlink from 'comlink';
import { InPageError } from '../core/errors';
import type { Envelope, Outcome, ReplicaApi, ReplicaInit, ReplicaReport, ReplicaState, WorkerEvent } from '../core/protocol';
import { collectTransferables } from '../core/transfer';
import { HeldSessions } from './sessions';

/** Where a replica runs. In the browser a module Worker; anything with a MessagePort-like endpoint works. */
export interface ReplicaHost {
  endpoint: Comlink.Endpoint;
  terminate(): void;
  /** Subscribe to the host's own death signals (an uncaught error in the worker, a failed script load). */
  onCrash(listener: (reason: string) => void): void;
}

export function workerHost(worker: Worker): ReplicaHost {
  return {
    endpoint: worker,
    terminate: () => worker.terminate(),
    onCrash(listener) {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        listener(event.message || 'the worker script failed to load or threw at top level');
      });
      worker.addEventListener('messageerror', () => listener('a message from the worker could not be read'));
    },
  };
}

export interface ReplicaCallbacks {
  onEvent(replica: Replica, event: WorkerEvent): void;
  onDead(replica: Replica, reason: string): void;
}

export class Replica {
  state: ReplicaState = 'starting';
  report: ReplicaReport = { state: 'starting', methods: {} };
  /** Requests handed to the worker whose answer is still owed (cancelled ones included: they still occupy it). */
  busy = 0;
  /** Set when scaled down: takes no new work, stops when idle. */
  retiring = false;
  /** The sessions this replica holds: while one is live, retiring waits for it. */
  readonly sessions: HeldSessions;
  /** Whether it has answered a request since it started (a fresh replica is not recycled for its memory). */
  answered = false;
  readonly startedAt = Date.now();
  /** When the replica began idle-time work (timing a backend), which may block it like a start does. */
  private backgroundSince: number | undefined;
  lastSeen = Date.now();
  private readonly api: Comlink.Remote<ReplicaApi>;
  private dead = false;

  constructor(
    readonly id: string,
    private readonly host: ReplicaHost,
    private readonly callbacks: ReplicaCallbacks,
  ) {
    this.api = Comlink.wrap<ReplicaApi>(host.endpoint);
    this.sessions = new HeldSessions(id);
    host.onCrash((reason) => this.die(`crashed: ${reason}`));
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Nothing in flight and no live session: a retiring replica may stop now. */
  get idle(): boolean {
    return this.busy === 0 && !this.sessions.any();
  }

  async start(init: ReplicaInit): Promise<void> {
    const onEvent = Comlink.proxy((event: WorkerEvent) => {
      this.lastSeen = Date.now();
      if (event.type === 'state') {
        this.state = event.state;
        this.report = { ...this.report, state: event.state, reason: event.reason, errorCode: event.errorCode };
      }
      if (event.type === 'background') this.backgroundSince = event.busy ? Date.now() : undefined;
      this.callbacks.onEvent(this, event);
    });
    try {
      const report = await this.api.start(init, onEvent);
      if (this.dead) return;
      this.absorb(report);
    } catch (error) {
      if (!this.dead) this.die(`failed to start: ${InPageError.from(error).message}`);
    }
  }

  async handle(envelope: Envelope): Promise<Outcome> {
    this.busy += 1;
    try {
      return await this.api.handle(Comlink.transfer(envelope, collectTransferables(envelope.payload)));
    } finally {
      this.busy -= 1;
    }
  }

  cancel(requestId: string): void {
    if (!this.dead) this.api.cancel(requestId).catch(() => undefined);
  }

  /** Asks for a heartbeat; declares the replica dead when it stayed silent past the allowed time. */
  async beat(timeoutMs: number, startTimeoutMs: number): Promise<void> {
    if (this.dead) return;
    const starting = this.state === 'starting' || this.state === 'loading';
    // Compiling a model for another backend in the background blocks the worker like a start does.
    const background = this.backgroundSince !== undefined;
    const allowed = starting || background ? startTimeoutMs : timeoutMs;
    const since = starting ? this.startedAt : background ? this.backgroundSince! : this.lastSeen;
    if (Date.now() - since > allowed) {
      this.die(starting ? `did not become ready within ${allowed} ms` : `missed heartbeats for ${allowed} ms`);
      return;
    }
    if (starting) return;
    try {
      this.absorb(await this.api.heartbeat());
      this.lastSeen = Date.now();
    } catch {
      // A closed endpoint; the silence check above catches it on a later beat.
    }
  }

  /** Ends the replica for good; pending work is failed by the owner through onDead. */
  die(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    this.state = 'crashed';
    this.report = { ...this.report, state: 'crashed', reason };
    this.host.terminate();
    this.callbacks.onDead(this, reason);
  }

  /**
   * Stops a retired replica once it has finished what must not be lost (history not yet written), or
   * after `boundMs` at most; it takes no work meanwhile, since the pool no longer lists it.
   */
  async drainThenStop(boundMs: number): Promise<void> {
    if (this.dead) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    await Promise.race([this.api.drain().catch(() => undefined), bound]);
    clearTimeout(timer);
    this.stop();
  }

  /** Stops a replica on purpose (scale down, bus closed): no crash is reported. */
  stop(): void {
    if (this.dead) return;
    this.dead = true;
    this.state = 'stopped';
    this.report = { ...this.report, state: 'stopped' };
    this.host.terminate();
  }

  private absorb(report: ReplicaReport): void {
    this.report = report;
    this.state = report.state;
  }
}
