/** The bus's recent finished requests, newest last, kept current by the `trace` event. */
import { useEffect, useState } from 'react';
import { TRACE_KEEP, type TraceRecord } from '../../bus';
import type { InPage } from '../connect';
import { useInPage } from './useInPage';

/** Traces on the page's shared connection (or on `connection`, where one is given). */
export function useTraces(connection?: InPage): TraceRecord[] {
  const shared = useInPage();
  const ai = connection ?? shared;
  const [state, setState] = useState<{ ai?: InPage; records: TraceRecord[] }>({ records: [] });
  useEffect(() => {
    if (!ai) return;
    return ai.on('trace', (record) =>
      setState((prev) => ({ ai, records: [...(prev.ai === ai ? prev.records : ai.traces().filter((r) => r.id !== record.id)), record].slice(-TRACE_KEEP) })),
    );
  }, [ai]);
  if (ai && state.ai !== ai) return ai.traces();
  return state.records;
}
