/**
 * What the SDK needs from a bus, whether the bus runs on this page (a local link) or in a hub iframe on
 * another origin (a remote link over one MessagePort). connect() builds the same SDK on either.
 */
import type { Bus, BusEvents, CallOptions, ServiceStatus, TraceRecord } from '../bus';

export interface BusLink {
  request(service: string, method: string, payload: unknown, options?: CallOptions): Promise<unknown>;
  start(service: string): void;
  scale(service: string, replicas: number): Promise<void>;
  kill(service: string, replicaId: string): void;
  services(): Promise<ServiceStatus[]>;
  traces(): TraceRecord[];
  on<K extends keyof BusEvents>(event: K, handler: (value: BusEvents[K]) => void): () => void;
  publish(topic: string, data: unknown): void;
  subscribe(topic: string, handler: (data: unknown) => void): () => void;
  close(): void;
}

/** The bus on this page, as a link. */
export function localLink(bus: Bus): BusLink {
  return {
    request: (service, method, payload, options) => bus.request(service, method, payload, options),
    start: (service) => bus.start(service),
    scale: async (service, replicas) => bus.scale(service, replicas),
    kill: (service, replicaId) => bus.kill(service, replicaId),
    services: async () => bus.services(),
    traces: () => bus.recentTraces(),
    on: (event, handler) => bus.events.on(event, handler),
    publish: (topic, data) => bus.publish(topic, data),
    subscribe: (topic, handler) => bus.subscribe(topic, handler),
    close: () => bus.close(),
  };
}
