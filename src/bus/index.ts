export { Bus, TRACE_KEEP, type BusEvents, type BusOptions, type CallOptions, type ServiceRegistration, type TraceRecord } from './bus';
export { InPageError, BUS_ERROR_CODES, type ErrorCode } from '../core/errors';
export { workerHost, type ReplicaHost } from './replica';
export type { ServiceStatus, ReplicaStatus } from './service-status';
export type { Contract, Progress } from '../core/protocol';
export { type MetricsSample } from './metrics';
