/** inpage-ai/react: hooks over the SDK for React apps (the shell uses these too). */
export { useInPage } from './useInPage';
export { useService, useServiceStatus, type LiveStatus, type ServiceHandle } from './useService';
export { useMetrics } from './useMetrics';
export { useTraces } from './useTraces';
export { useTask, type Task, type TaskContext, type TaskState } from './useTask';
