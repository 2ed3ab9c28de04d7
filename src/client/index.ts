/** inpage-ai: run AI services in Web Workers on this page. */
export { connect, type ConnectOptions, type InPage, type ServiceMetrics, type ServiceSummary } from './connect';
export { InPageError, type CallOptions, type ErrorCode, type ServiceStatus, type TraceRecord, type Progress, type MetricsSample, type ReplicaStatus } from '../bus';
export { ERROR_CODES, SERVICE_NAMES, SERVICE_PAGES, type ServiceName, type ServiceApis, type Topics } from './registry';
export type { ImportReport, ModelInfo, ModelsReport, StorageApi, StoreUsage, UsageReport } from '../core/storage';
// Each service's published types (`ImageService`, `Classification`, …), as its service.ts lists them.
export type * from './services';
export { isEpochProgress } from '../../workers/tabular/contract';
