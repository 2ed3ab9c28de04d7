/** One service on the bus: its replicas, its bounded queue, its supervision and its numbers. */
import { InPageError } from '../core/errors';
import { methodSpec } from '../core/protocol';
import type { Contract, Envelope, Progress, ReplicaInit, ReplicaState, ServiceLimits, WorkerEvent } from '../core/protocol';
import { DEFAULT_LIMITS } from './limits';
import { Replica, type ReplicaHost } from './replica';
import { mayRetry } from './retry';
import { LatencyStats } from '../core/stats';
import type { ReplicaStatus, ServiceStatus } from './service-status';

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 30_000;
/** After a failed start, wait this long before a new request may try again. */
const RETRY_FAILED_AFTER_MS = 5_000;
/** How long a retired replica may take to write what it still holds (history) before it is stopped anyway. */
const DRAIN_MS = 10_000;

export interface Pending {
  envelope: Envelope;
  resolve(value: unknown): void;
  reject(error: InPageError): void;
  onProgress?: (progress: Progress) => void;
  replica?: Replica;
  /** The replica holding the session this request belongs to (a sticky method): only it may answer. */
  pin?: string;
  /** Already tried once more after its replica crashed (an idempotent method): not again. */
  retried?: boolean;
  settled: boolean;
  /** performance.now() when the request was made; latency includes queue time. */
  startedAt: number;
}

export interface PoolHooks {
  spawn(): ReplicaHost;
  init(replicaId: string): ReplicaInit;
  onWorkerEvent(pool: ServicePool, replica: Replica, event: WorkerEvent): void;
  onChange(pool: ServicePool): void;
  onSettled(pending: Pending, ms: number, error?: InPageError): void;
}

export class ServicePool {
  readonly limits: ServiceLimits;
  /** Set by the bus's setBackend: new replicas start on this backend. */
  pinnedBackend: string | undefined;
  private replicas: Replica[] = [];
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Set<Pending>();
  private target = 0;
  private serial = 0;
  private failures = 0;
  private restarts = 0;
  private retried = 0;
  private recycled = 0;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private failure: { error: InPageError; at: number } | undefined;
  private readonly stats = new LatencyStats();
  private closed = false;

  constructor(
    readonly contract: Contract,
    private readonly hooks: PoolHooks,
    /** The bus's own settings over the contract's (a memory budget set for one page). */
    overrides: Partial<ServiceLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...contract.limits, ...overrides };
  }

  get name(): string {
    return this.contract.name;
  }

  /** Starts the first replica on first use, so an unused service costs nothing. */
  ensureStarted(): void {
    if (this.target === 0) return this.scale(1);
    if (this.live().length === 0) {
      this.failure = undefined;
      this.fill();
    }
  }

  scale(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 16) {
      throw new InPageError('INVALID_INPUT', `A service can have 0 to 16 replicas, not ${n}.`, this.name);
    }
    this.target = n;
    const live = this.live();
    // Retire the least busy first, and those holding a live session last; they stop once their work is answered.
    const load = (r: Replica) => (r.sessions.any() ? 1_000 : 0) + r.busy;
    const extra = [...live].sort((a, b) => load(b) - load(a)).slice(n);
    for (const replica of extra) this.retire(replica);
    this.fill();
    this.pump();
    this.hooks.onChange(this);
  }

  /** Queues a request, or dispatches it at once to the least busy ready replica. */
  submit(pending: Pending): void {
    if (this.closed) return this.settle(pending, new InPageError('CANCELLED', 'The connection was closed.', this.name));
    if (this.failure && this.live().length === 0 && Date.now() - this.failure.at <= RETRY_FAILED_AFTER_MS) {
      return this.settle(pending, this.failure.error);
    }
    this.ensureStarted();
    if (!this.freeReplica(pending.pin) && this.queue.length >= this.limits.maxQueue) {
      return this.settle(
        pending,
        new InPageError('BUSY', `The ${this.name} service has ${this.queue.length} requests waiting; try again shortly.`, this.name),
      );
    }
    this.queue.push(pending);
    this.pump();
    this.hooks.onChange(this);
  }

  /** Cancels a request wherever it is: in the queue it is dropped, in a replica it is told to stop. */
  cancel(pending: Pending, error: InPageError): void {
    const index = this.queue.indexOf(pending);
    if (index >= 0) this.queue.splice(index, 1);
    pending.replica?.cancel(pending.envelope.id);
    this.settle(pending, error);
  }

  /** Replaces `replicaId` (or every replica) with a fresh one; the old one finishes its work first. */
  restart(replicaId?: string): void {
    const old = this.live().filter((r) => !r.retiring && (!replicaId || r.id === replicaId));
    if (replicaId && !old.length) {
      throw new InPageError('INVALID_INPUT', `The ${this.name} service has no running replica "${replicaId}".`, this.name);
    }
    for (const replica of old) this.retire(replica);
    this.fill();
    this.hooks.onChange(this);
  }

  /** Test and operations hook: ends a replica the hard way, as a crash would. */
  kill(replicaId: string): void {
    this.replicas.find((r) => r.id === replicaId)?.die('terminated on request');
  }

  status(): ServiceStatus {
    const replicas: ReplicaStatus[] = this.live().map((r) => ({ ...r.report, id: r.id, state: r.state, inFlight: r.busy, retiring: r.retiring }));
    const ready = replicas.find((r) => r.state === 'ready');
    return {
      name: this.name,
      state: this.state(),
      reason: this.failure?.error.message,
      replicas,
      targetReplicas: this.target,
      queue: this.queue.length,
      inFlight: replicas.reduce((sum, r) => sum + r.inFlight, 0),
      restarts: this.restarts,
      retried: this.retried,
      recycled: this.recycled,
      backend: ready?.backend,
      pinnedBackend: this.pinnedBackend,
      model: ready?.model,
      storage: ready?.storage,
      requests: this.stats.snapshot(),
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.heartbeat);
    for (const pending of this.queue.splice(0)) {
      this.settle(pending, new InPageError('CANCELLED', 'The connection was closed.', this.name));
    }
    for (const replica of this.replicas) {
      this.failInFlight(replica, new InPageError('CANCELLED', 'The connection was closed.', this.name));
      replica.stop();
    }
    this.replicas = [];
  }

  settle(pending: Pending, error: InPageError | undefined, value?: unknown): void {
    if (pending.settled) return;
    pending.settled = true;
    this.inFlight.delete(pending);
    const elapsed = performance.now() - pending.startedAt;
    this.stats.record(elapsed, !error);
    this.hooks.onSettled(pending, elapsed, error);
    if (error) pending.reject(error);
    else pending.resolve(value);
  }

  private state(): ReplicaState {
    const states = this.live().map((r) => r.state);
    if (states.includes('ready')) return 'ready';
    if (states.includes('loading')) return 'loading';
    if (states.includes('starting') || this.restartTimer) return 'starting';
    if (this.failure) return 'failed';
    return this.target === 0 ? 'idle' : 'stopped';
  }

  private live(): Replica[] {
    return this.replicas.filter((r) => r.alive);
  }

  /** The least busy replica free for work; for a pinned request, only its own replica (retiring or not). */
  private freeReplica(pin?: string): Replica | undefined {
    let best: Replica | undefined;
    for (const replica of this.replicas) {
      if (!replica.alive || replica.state !== 'ready') continue;
      if (pin ? replica.id !== pin : replica.retiring) continue;
      if (replica.busy >= this.limits.concurrency) continue;
      if (!best || replica.busy < best.busy) best = replica;
    }
    return best;
  }

  /** Dispatches what can run now, in order; a pinned request waits only for its own replica. */
  private pump(): void {
    for (let i = 0; i < this.queue.length; ) {
      const pending = this.queue[i]!;
      if (pending.pin && !this.replicas.some((r) => r.alive && r.id === pending.pin)) {
        this.queue.splice(i, 1);
        this.settle(pending, new InPageError('INVALID_INPUT', `The ${this.name} session this request belongs to was in replica ${pending.pin}, which has stopped: start it again.`, this.name));
        continue;
      }
      const replica = this.freeReplica(pending.pin);
      if (!replica) {
        // Nothing is free for an unpinned request, so nothing later in the queue can start either, unless pinned.
        if (!pending.pin && !this.queue.some((p) => p.pin)) return;
        i += 1;
        continue;
      }
      this.queue.splice(i, 1);
      this.dispatch(pending, replica);
    }
  }

  private dispatch(pending: Pending, replica: Replica): void {
    pending.replica = replica;
    this.inFlight.add(pending);
    const spec = methodSpec(this.contract, pending.envelope.method);
    replica.sessions.noteCall(spec, pending.envelope.payload);
    // An answer from a replica the request has since left (it died and the request was tried elsewhere) is not its answer.
    const current = () => pending.replica === replica;
    replica
      .handle(pending.envelope)
      .then(
        (outcome) => {
          replica.answered = true;
          if (!current()) return;
          if (outcome.ok) {
            replica.sessions.noteAnswer(spec, outcome.value);
            this.settle(pending, undefined, outcome.value);
          } else this.settle(pending, InPageError.from(outcome.error, this.name));
        },
        (error: unknown) => current() && this.settle(pending, InPageError.from(error, this.name)),
      )
      .finally(() => {
        if (replica.retiring && replica.idle) this.remove(replica, 'drain');
        this.pump();
        this.hooks.onChange(this);
      });
    this.hooks.onChange(this);
  }

  private fill(): void {
    if (this.closed || this.restartTimer) return;
    const missing = this.target - this.live().filter((r) => !r.retiring).length;
    for (let i = 0; i < missing; i += 1) this.spawnReplica();
    this.ensureHeartbeat();
  }

  private spawnReplica(): void {
    this.serial += 1;
    const id = `${this.name}-${this.serial}`;
    const replica = new Replica(id, this.hooks.spawn(), {
      onEvent: (r, event) => {
        if (event.type === 'state') this.onReplicaState(r);
        this.hooks.onWorkerEvent(this, r, event);
      },
      onDead: (r, reason) => this.onReplicaDead(r, reason),
    });
    this.replicas.push(replica);
    void replica.start(this.hooks.init(id)).then(() => this.onReplicaState(replica));
  }

  private onReplicaState(replica: Replica): void {
    if (!replica.alive) return;
    if (replica.state === 'ready') {
      this.failures = 0;
      this.failure = undefined;
      this.pump();
    } else if (replica.state === 'failed') {
      // A start that fails (no model, bad backend) fails the same way again: report it, don't loop.
      const { reason = 'The service failed to start.', errorCode = 'INTERNAL' } = replica.report;
      this.failure = { error: new InPageError(errorCode, reason, this.name), at: Date.now() };
      this.remove(replica, 'stop');
      if (this.live().length === 0) {
        for (const pending of this.queue.splice(0)) this.settle(pending, this.failure.error);
      }
    }
    this.hooks.onChange(this);
  }

  private onReplicaDead(replica: Replica, reason: string): void {
    // One already let go (retired, writing its last history) is no loss to supervise.
    if (!this.replicas.includes(replica)) return;
    const error = new InPageError(
      'SERVICE_CRASHED',
      `The ${this.name} service's replica ${replica.id} ${reason} while working on this request; a replacement is starting.`,
      this.name,
    );
    for (const pending of [...this.inFlight]) {
      if (pending.replica !== replica) continue;
      if (mayRetry(this.contract, pending)) this.requeue(pending);
      else this.settle(pending, error);
    }
    this.remove(replica, 'dead');
    if (this.closed) return;
    this.restarts += 1;
    this.failures += 1;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (this.failures - 1));
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.fill();
    }, delay);
    // A retried request goes to another ready replica now, or waits for the replacement.
    this.pump();
    this.hooks.onChange(this);
  }

  /** Puts a request back at the head of the queue, to be tried once more by another replica. */
  private requeue(pending: Pending): void {
    pending.retried = true;
    pending.replica = undefined;
    this.inFlight.delete(pending);
    this.queue.unshift(pending);
    this.retried += 1;
  }

  private failInFlight(replica: Replica, error: InPageError): void {
    for (const pending of [...this.inFlight]) if (pending.replica === replica) this.settle(pending, error);
  }

  /** `drain`: retired, it writes what it still holds first; `stop`: at once; `dead`: nothing left to stop. */
  private remove(replica: Replica, how: 'drain' | 'stop' | 'dead'): void {
    // Once: a retired replica is let go by the first of its last answer and the retiring itself.
    if (!this.replicas.includes(replica)) return;
    if (how === 'drain') void replica.drainThenStop(DRAIN_MS);
    else if (how === 'stop') replica.stop();
    this.replicas = this.replicas.filter((r) => r !== replica);
    // Queued requests of a session in this replica can never be answered: pump() fails them.
    if (this.queue.some((p) => p.pin === replica.id)) this.pump();
  }

  /** Takes no new work from now on; stops once its work is answered and its sessions have ended. */
  private retire(replica: Replica): void {
    replica.retiring = true;
    if (replica.idle) this.remove(replica, 'drain');
  }

  /**
   * A replica whose reported memory passed the service's budget is replaced, as a restart would: it answers
   * its work first. Only one that has answered since it started: a model that alone passes the budget
   * would otherwise replace its replicas in a loop.
   */
  private checkMemory(replica: Replica): void {
    const budget = this.limits.memoryBudgetBytes;
    const used = replica.report.memoryBytes;
    if (budget === undefined || used === undefined || used <= budget) return;
    if (!replica.alive || replica.retiring || !replica.answered || replica.state !== 'ready') return;
    this.recycled += 1;
    this.restarts += 1;
    this.retire(replica);
    this.fill();
    this.hooks.onChange(this);
  }

  private ensureHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const replica of this.live()) {
        // A retiring replica whose last session lapsed has nothing left to wait for.
        if (replica.retiring && replica.idle) {
          this.remove(replica, 'drain');
          continue;
        }
        void replica.beat(this.limits.heartbeatTimeoutMs, this.limits.startTimeoutMs).then(() => this.checkMemory(replica));
      }
      this.hooks.onChange(this);
    }, this.limits.heartbeatMs);
  }
}
