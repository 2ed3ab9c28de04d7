/** inpage-ai: run AI services in Web Workers on this page. */
export { connect, type ConnectOptions, type InPage, type ServiceMetrics, type ServiceSummary } from './connect';
export { InPageError, type CallOptions, type ErrorCode, type ServiceStatus, type TraceRecord, type Progress, type MetricsSample, type ReplicaStatus } from '../bus';
export { ERROR_CODES, SERVICE_NAMES, SERVICE_PAGES, type ServiceName, type ServiceApis, type Topics } from './registry';
export type { ImportReport, ModelInfo, ModelsReport, StorageApi, StoreUsage, UsageReport } from '../bus/storage';
import type { ServiceApis } from './registry';

/** What `ai.image`, `ai.text`, … offer: derived from each service's contract (workers/<name>/service.ts). */
export type ImageService = ServiceApis['image'];
export type TextService = ServiceApis['text'];
export type SpeechService = ServiceApis['speech'];
export type TabularService = ServiceApis['tabular'];

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
  TrainRequest,
  TrainResult,
} from '../../workers/tabular/contract';
export type { Classified, ItemError, LabelScore, SearchHit, Sentiment, StoredDocument, TextInput, TranscriptSentiment } from '../../workers/text/contract';
export type { Classification, CustomModelFile, CustomModelSummary, Detection, HistoryEntry, ImageInput } from '../../workers/image/contract';
export type {
  AudioInput,
  CaptionOptions,
  CaptionUpdate,
  Command as SpeechCommand,
  EpochLog as SpeechEpochLog,
  ListenOptions,
  Samples,
  Transcript,
  TranscriptChunk,
  TimedWord,
  Vocabulary as SpeechVocabulary,
  WordScore,
} from '../../workers/speech/contract';
