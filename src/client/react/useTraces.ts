/** The bus's recent finished requests, newest last, kept current by the `trace` event. */
import { useEffect, useState } from 'react';
import type { TraceRecord } from '../../bus';
import type { InPage } from '../connect';

const KEEP = 200;

export function useTraces(ai: InPage | undefined): TraceRecord[] {
  const [state, setState] = useState<{ ai?: InPage; records: TraceRecord[] }>({ records: [] });
  useEffect(() => {
    if (!ai) return;
    return ai.on('trace', (record) =>
      setState((prev) => ({ ai, records: [...(prev.ai === ai ? prev.records : ai.traces().filter((r) => r.id !== record.id)), record].slice(-KEEP) })),
    );
  }, [ai]);
  if (ai && state.ai !== ai) return ai.traces();
  return state.records;
}
