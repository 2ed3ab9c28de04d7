/**
 * The messages between a page and an InPage hub: one handshake by window.postMessage (which carries the
 * MessagePort), then everything else over that port. Both sides import these types.
 */
import type { BusEvents, MetricsSample, ServiceStatus, TraceRecord } from '../bus';
import type { SerializedError } from '../core/errors';
import type { Progress } from '../core/protocol';

export const HANDSHAKE = 'inpage:connect';
/** 2: heartbeats (`ping`/`pong`) and capabilities per origin. */
export const WIRE_VERSION = 2;

/** The page pings the hub this often; any message from the hub counts as a sign of life. */
export const HEARTBEAT_MS = 2_000;
/** A hub silent this long is gone (frame removed or crashed): the page fails its pending work. */
export const HUB_SILENCE_MS = 10_000;

/** What the bus in the hub is built with (each page gets its own hub frame, so its own choice). */
export interface HubBusOptions {
  backend?: string;
  models?: Record<string, string | readonly string[]>;
}

/** Sent once to the hub window, with the port as its only transferable. */
export interface Hello {
  type: typeof HANDSHAKE;
  version: number;
  options: HubBusOptions;
}

export type ToHub =
  | { type: 'call'; id: number; service: string; method: string; payload: unknown; timeoutMs?: number; trace?: string; progress: boolean }
  | { type: 'cancel'; id: number }
  | { type: 'admin'; id: number; op: 'scale' | 'start' | 'kill' | 'restart' | 'setBackend'; service: string; arg?: unknown }
  | { type: 'publish'; topic: string; data: unknown }
  | { type: 'subscribe'; topic: string }
  | { type: 'unsubscribe'; topic: string }
  | { type: 'ping' }
  | { type: 'close' };

export type FromHub =
  /** Accepted: the bus's state now; `event` messages keep the page's copy current from here on. */
  | { type: 'ready'; services: ServiceStatus[]; traces: TraceRecord[]; metrics: Record<string, MetricsSample[]> }
  | { type: 'refused'; error: SerializedError }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'event'; name: keyof BusEvents; value: BusEvents[keyof BusEvents] }
  /** A service's numbers after a request finished (no event on the page: nothing changed state). */
  | { type: 'state'; status: ServiceStatus }
  | { type: 'topic'; topic: string; data: unknown }
  | { type: 'pong' };
