/**
 * What crosses the boundary between the bus (page) and a service replica (worker).
 * Both sides import these types; neither imports the other's code.
 */
import './jitless';
import { z } from 'zod';
import { declareErrorCodes, type ErrorCode, type SerializedError } from './errors';
import type { MethodStats } from './stats';
import type { MethodSpec, Progress } from './method';
import { storageMethods, type StorageMethodName } from './storage';

export type { CallOptions, MethodSpec, Progress } from './method';

/**
 * What a page reaching the bus through a cross-origin hub may be granted beyond the service methods
 * (embed.config.json): `storage`, the person's stored data; `admin`, scale, kill, restart and backend.
 */
export const CAPABILITIES = ['storage', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** A session made in a replica carries the replica's id, so the bus can route its later requests there. */
export function sessionId(replicaId: string, name: string): string {
  // A random part: knowing a session's id is what lets a page feed or read it, so another page (a
  // partner, a nested frame) cannot guess its way into someone else's captions by counting up.
  const secret = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${replicaId}/${name}-${secret}`;
}

/** The replica a sticky method's payload is bound to, if it names a session. */
export function sessionReplica(spec: MethodSpec, payload: unknown): string | undefined {
  if (!spec.sticky || typeof payload !== 'object' || payload === null) return undefined;
  const session = (payload as { session?: unknown }).session;
  return typeof session === 'string' && session.includes('/') ? session.slice(0, session.indexOf('/')) : undefined;
}

/**
 * The type of what a method answers or a topic carries. It types both sides of the bus but is not checked
 * at run time: the worker is the project's own code, and answers can be large (embeddings, trained models).
 */
export function returns<T>(): z.ZodType<T> {
  return z.custom<T>(() => true);
}

export interface ServiceLimits {
  /** Requests one replica works on at once. */
  concurrency: number;
  /** Requests waiting for a free replica before new ones are refused with BUSY. */
  maxQueue: number;
  /** Default deadline of a request, queue time included. */
  timeoutMs: number;
  /** How long a replica may take to start (model download included) before it counts as hung. */
  startTimeoutMs: number;
  heartbeatMs: number;
  /** A ready replica whose heartbeat goes unanswered this long is replaced. */
  heartbeatTimeoutMs: number;
  /** A replica reporting more memory than this (bytes) is replaced once its work is answered. */
  memoryBudgetBytes?: number;
}

export interface Contract {
  readonly name: string;
  readonly methods: Readonly<Record<string, MethodSpec>>;
  readonly limits?: Partial<ServiceLimits>;
  /** Topics this service listens to: each message published there becomes a call of the named method. */
  readonly subscriptions?: Readonly<Record<string, string>>;
  /** Topics this service publishes, with what each message carries. */
  readonly topics?: Readonly<Record<string, z.ZodType>>;
  /** Error codes of this service's own, beyond the bus's (errors.ts), e.g. speech's PERMISSION_DENIED. */
  readonly errors?: readonly ErrorCode[];
}

/** A contract as a service writes it: each of its own methods says what it answers. */
export type ServiceContract = Contract & { readonly methods: Readonly<Record<string, MethodSpec & { readonly output: z.ZodType }>> };

/** Every service answers `ping`: the bus's no-op round trip, for health checks and benchmarks. */
const ping = { args: [], input: z.object({}), idempotent: true } as const satisfies MethodSpec;

/** Every service also answers the storage methods (models, prepare, usage, export, ...): see storage.ts. */
export function defineContract<const C extends ServiceContract>(
  contract: C,
): C & { methods: { ping: typeof ping } & typeof storageMethods } {
  // A service method named like one of these would be silently replaced: refuse it where it is written.
  const taken = Object.keys(contract.methods).filter((name) => name === 'ping' || Object.hasOwn(storageMethods, name));
  if (taken.length) {
    throw new Error(`The ${contract.name} contract defines ${taken.join(', ')}, which every service gets from the runtime (src/core/storage.ts); rename it.`);
  }
  declareErrorCodes(contract.errors ?? []);
  return { ...contract, methods: { ...contract.methods, ...storageMethods, ping } };
}

/** A contract's own method by name: never one inherited from Object (`__proto__`, `constructor`, `toString`). */
export function methodSpec(contract: Contract, method: string): MethodSpec | undefined {
  return Object.hasOwn(contract.methods, method) ? contract.methods[method] : undefined;
}

/** The methods a service implements (ping and the storage methods are the runtime's). */
export type MethodName<C extends Contract> = Exclude<Extract<keyof C['methods'], string>, 'ping' | StorageMethodName>;
export type PayloadOf<C extends Contract, M extends MethodName<C>> = z.output<C['methods'][M]['input']>;
/** What a method answers, as its contract declares it. */
export type OutputOf<C extends Contract, M extends keyof C['methods']> = C['methods'][M] extends { output: z.ZodType<infer T> } ? T : unknown;
/** The topics a contract publishes, with their payloads. */
export type TopicsOf<C extends Contract> = C extends { topics: infer T extends Record<string, z.ZodType> } ? { [K in keyof T]: z.output<T[K]> } : Record<never, never>;

/** One request as it travels: the payload has already passed the contract's schema. */
export interface Envelope {
  id: string;
  service: string;
  method: string;
  payload: unknown;
  /** Epoch milliseconds after which the caller has given up. */
  deadline: number;
  /** Shared by every request that one user action fans out into. */
  trace: string;
  /** A partner's call that must leave the person's data alone (CallOptions.guest). */
  guest?: boolean;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export type ReplicaState = 'idle' | 'starting' | 'loading' | 'ready' | 'failed' | 'crashed' | 'stopped';

export type WorkerEvent =
  | { type: 'state'; state: ReplicaState; reason?: string; errorCode?: ErrorCode }
  | { type: 'progress'; requestId?: string; progress: Progress }
  | { type: 'publish'; topic: string; data: unknown; trace?: string }
  /** Idle-time work (timing a backend) started or ended: a long compile must not count as a hang. */
  | { type: 'background'; busy: boolean };

/**
 * One group of a service's models, as its descriptor declares it: any one of them will do, tried in order.
 * The manifests travel as plain data (models/*.json); the worker's runtime checks them before use.
 */
export interface ModelGroupSpec {
  /** What the group is for, in a word (e.g. 'commands', 'transcription'): what a worker asks for. */
  readonly name: string;
  readonly models: readonly { readonly id: string }[];
}

export interface ReplicaInit {
  service: string;
  replicaId: string;
  /** Absolute URL of the self-hosted model mirror, ending in '/'. */
  modelBase: string;
  /** Forced backend (from a setting or ?backend=); otherwise the service measures. */
  backend?: string;
  /** Forced model id (the first of `models`); otherwise the service's default order. */
  model?: string;
  /** Every model forced for this service, at most one per model group: each group takes the one it lists. */
  models?: readonly string[];
  /** Forced WASM threads per replica (where the page is cross-origin isolated); otherwise the runtime's default. */
  threads?: number;
  /** The service's model catalogue, from its descriptor: the one list its worker loads from and stores offline. */
  modelGroups?: readonly ModelGroupSpec[];
}

export interface ReplicaReport {
  state: ReplicaState;
  reason?: string;
  /** Why a start failed, as an error code (MODEL_UNAVAILABLE, ...). */
  errorCode?: ErrorCode;
  backend?: string;
  /** Warm latency per backend in ms, from the measurement that chose the backend. */
  backendTimings?: Record<string, number>;
  /** Backends the device offers whose warm-up failed, with the reason. */
  backendFailures?: Record<string, string>;
  /** Backends never timed here, with why (a software-emulated GPU); `?backend=` still forces them. */
  backendSkipped?: Record<string, string>;
  /** Why the backend serves and why the others were dropped, or what is being timed now. */
  backendNote?: string;
  /** The catalogue's models this deployment lacks (hub models neither pinned nor mirrored), and the command that installs them. */
  notInstalled?: { models: string[]; install: string };
  /** When each start-up phase ended, on the worker's clock (src/runtime/serving/startup.ts). */
  startup?: { timeOrigin: number; marks: Record<string, number> };
  /** WASM threads this replica runs with, and why (1 where the page is not cross-origin isolated). */
  threads?: number;
  threadsNote?: string;
  model?: string;
  /** Services with several models per task: the model that answered each task last (e.g. { sentiment: 'text-sentiment-inpage' }). */
  answeredBy?: Record<string, string>;
  modelLoadMs?: number;
  modelBytes?: number;
  memoryBytes?: number;
  /** Whether the service's database persists; not where the browser refused storage (a notice says what that means). */
  storage?: StorageState;
  methods: Record<string, MethodStats>;
  /** Time per phase of the requests, where the service records them (image: decode, to tensor, forward, top-k). */
  phases?: Record<string, MethodStats>;
}

export interface StorageState {
  persistent: boolean;
  /** For people: what is missing and why; set only when not persistent. */
  notice?: string;
}

/** What every replica exposes over Comlink. */
export interface ReplicaApi {
  start(init: ReplicaInit, onEvent: (event: WorkerEvent) => void): Promise<ReplicaReport>;
  handle(envelope: Envelope): Promise<Outcome>;
  cancel(requestId: string): void;
  heartbeat(): ReplicaReport;
  /** Retired by the bus: finishes what must not be lost (Runtime.beforeStop) before it is stopped. */
  drain(): Promise<void>;
}
