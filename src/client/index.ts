/** inpage-ai: run AI services in Web Workers on this page. */
export { connect, type ConnectOptions, type InPage, type ServiceMetrics, type ServiceSummary } from './connect';
export { InPageError, ERROR_CODES, type CallOptions, type ErrorCode, type ServiceStatus, type TraceRecord, type Progress } from '../bus';
export type { ServiceName, ServiceApis } from './registry';
export type { Classification, Detection, HistoryEntry, ImageInput, ImageService } from '../../workers/image/contract';
export { isEpochProgress } from '../../workers/tabular/contract';
export type {
  ColumnProfile,
  CsvInput,
  DataProfile,
  EpochPoint,
  EpochProgress,
  Metrics,
  ModelSummary,
  Problem,
  TabularPrediction,
  TabularRow,
  TabularService,
  TrainRequest,
  TrainResult,
} from '../../workers/tabular/contract';
export type { Classified, LabelScore, SearchHit, Sentiment, StoredDocument, TextInput, TextService } from '../../workers/text/contract';
