/** A service's recent numbers as a time series, from the bus's once-a-second `metrics` events. */
import { useEffect, useState } from 'react';
import type { MetricsSample } from '../../bus';
import { METRICS_KEEP } from '../../bus/metrics';
import type { InPage } from '../connect';
import type { ServiceName } from '../registry';
import { useInPage } from './useInPage';

/** `service`'s samples on the page's shared connection (or on `connection`, where one is given). */
export function useMetrics(service: ServiceName, connection?: InPage): MetricsSample[] {
  const shared = useInPage();
  const ai = connection ?? shared;
  const [series, setSeries] = useState<{ ai?: InPage; samples: MetricsSample[] }>({ samples: [] });
  useEffect(() => {
    if (!ai) return;
    return ai.on('metrics', (sample) => {
      if (sample.service !== service) return;
      setSeries((prev) => {
        const base = prev.ai === ai ? prev.samples : ai.metricsHistory(service).filter((s) => s.at < sample.at);
        return { ai, samples: [...base, sample].slice(-METRICS_KEEP) };
      });
    });
  }, [ai, service]);
  // Before the first event after mounting: the history the bus kept.
  if (ai && series.ai !== ai) return ai.metricsHistory(service);
  return series.samples;
}
