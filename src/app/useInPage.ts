/** One SDK connection for the whole shell, plus live service status from the bus's events. */
import { useEffect, useState } from 'react';
import { connect, type InPage, type Progress, type ServiceStatus } from '../client';

let shared: Promise<InPage> | undefined;

export function useInPage(): InPage | undefined {
  const [ai, setAi] = useState<InPage>();
  useEffect(() => {
    let live = true;
    void (shared ??= connect()).then((connection) => live && setAi(connection));
    return () => {
      live = false;
    };
  }, []);
  return ai;
}

export interface LiveStatus {
  status?: ServiceStatus;
  progress?: Progress;
}

export function useServiceStatus(ai: InPage | undefined, service: string): LiveStatus {
  const [live, setLive] = useState<LiveStatus>({});
  useEffect(() => {
    if (!ai) return;
    const offStatus = ai.on('status', (status) => {
      if (status.name === service) setLive((prev) => ({ status, progress: status.state === 'ready' ? undefined : prev.progress }));
    });
    const offProgress = ai.on('progress', (event) => {
      if (event.service === service) setLive((prev) => ({ ...prev, progress: event.progress }));
    });
    return () => {
      offStatus();
      offProgress();
    };
  }, [ai, service]);
  return live;
}
