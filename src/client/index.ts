/** inpage-ai: run AI services in Web Workers on this page. */
export { connect, type ConnectOptions, type InPage, type ServiceMetrics, type ServiceSummary } from './connect';
export { InPageError, ERROR_CODES, type CallOptions, type ErrorCode, type ServiceStatus, type TraceRecord, type Progress, type MetricsSample, type ReplicaStatus } from '../bus';
import { SERVICES, type ServiceName } from './registry';
export type { ServiceName, ServiceApis } from './registry';
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
export type { Classified, ItemError, LabelScore, SearchHit, Sentiment, StoredDocument, TextInput, TextService } from '../../workers/text/contract';

/** Every registered service, in registration order. */
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
export type { ImportReport, ModelInfo, ModelsReport, StorageApi, StoreUsage, UsageReport } from '../bus/storage';
export type { Classification, CustomModelFile, CustomModelSummary, Detection, HistoryEntry, ImageInput, ImageService } from '../../workers/image/contract';
export type {
  AudioInput,
  CaptionOptions,
  CaptionUpdate,
  Command as SpeechCommand,
  EpochLog as SpeechEpochLog,
  ListenOptions,
  Samples,
  SpeechService,
  Transcript,
  TranscriptChunk,
  TimedWord,
  Vocabulary as SpeechVocabulary,
  WordScore,
} from '../../workers/speech/contract';
