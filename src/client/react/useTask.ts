/**
 * Runs one async job at a time with its progress, result or typed error, and a cancel button's worth
 * of AbortController. Starting it again cancels the run before; leaving the page cancels it too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { InPageError, type Progress } from '../../bus';

export interface TaskContext {
  signal: AbortSignal;
  onProgress: (progress: Progress) => void;
}

export type TaskState<R> =
  | { status: 'idle' }
  | { status: 'running'; progress?: Progress }
  | { status: 'done'; result: R }
  | { status: 'error'; error: InPageError };

export interface Task<A extends unknown[], R> {
  state: TaskState<R>;
  /** Starts the job; resolves with its result, or undefined when it failed or was cancelled (see `state`). */
  run: (...args: A) => Promise<R | undefined>;
  cancel: () => void;
  reset: () => void;
}

export function useTask<A extends unknown[], R>(job: (context: TaskContext, ...args: A) => Promise<R>): Task<A, R> {
  const [state, setState] = useState<TaskState<R>>({ status: 'idle' });
  const current = useRef<AbortController | undefined>(undefined);
  const latestJob = useRef(job);
  useEffect(() => {
    latestJob.current = job;
  });
  useEffect(() => () => current.current?.abort(), []);

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    const mine = () => current.current === controller;
    setState({ status: 'running' });
    const onProgress = (progress: Progress) => mine() && setState({ status: 'running', progress });
    try {
      const result = await latestJob.current({ signal: controller.signal, onProgress }, ...args);
      controller.signal.throwIfAborted();
      if (mine()) setState({ status: 'done', result });
      return result;
    } catch (error) {
      const failure = controller.signal.aborted
        ? new InPageError('CANCELLED', 'Cancelled.', InPageError.from(error).service)
        : InPageError.from(error);
      if (mine()) setState({ status: 'error', error: failure });
      return undefined;
    }
  }, []);

  const cancel = useCallback(() => current.current?.abort(), []);
  const reset = useCallback(() => {
    current.current?.abort();
    current.current = undefined;
    setState({ status: 'idle' });
  }, []);

  return { state, run, cancel, reset };
}
