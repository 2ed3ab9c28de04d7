/** A service's live status and start-up progress, from the bus's events. */
import { useEffect, useState } from 'react';
import type { Progress, ServiceStatus } from '../../bus';
import type { InPage } from '../connect';
import type { ServiceApis, ServiceName } from '../registry';
import { useInPage } from './useInPage';

export interface LiveStatus {
  status?: ServiceStatus;
  /** Model download or backend timing while the service starts; cleared once it is ready. */
  progress?: Progress;
}

export interface ServiceHandle<N extends ServiceName> extends LiveStatus {
  /** The service's typed API (`ai.<name>`), once connected. */
  api?: ServiceApis[N];
}

/** Status and progress of `service` on connection `ai`, kept current by the `status` and `progress` events. */
export function useServiceStatus(ai: InPage | undefined, service: string): LiveStatus {
  const [live, setLive] = useState<LiveStatus & { ai?: InPage }>({});
  useEffect(() => {
    if (!ai) return;
    const offStatus = ai.on('status', (status) => {
      if (status.name === service) setLive((prev) => ({ ai, status, progress: status.state === 'ready' ? undefined : prev.progress }));
    });
    const offProgress = ai.on('progress', (event) => {
      if (event.service === service) setLive((prev) => ({ ...prev, ai, progress: event.progress }));
    });
    return () => {
      offStatus();
      offProgress();
    };
  }, [ai, service]);
  // Until the first event, what the bus knows now (an idle service sends none).
  if (ai && live.ai !== ai && service in ai) return { status: ai.status(service as ServiceName) };
  return live;
}

/** One service on the page's shared connection: its typed API, live status and start-up progress. */
export function useService<N extends ServiceName>(name: N): ServiceHandle<N> {
  const ai = useInPage();
  const live = useServiceStatus(ai, name);
  return { ...live, api: ai?.[name] };
}
