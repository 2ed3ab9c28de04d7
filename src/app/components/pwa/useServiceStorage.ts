/**
 * Each service's models and stored bytes, and the "make available offline" action for one service or
 * all of them, through the storage methods every service answers (ai.<service>.offlineModels(), prepare(), ...).
 */
import { useCallback, useEffect, useState } from 'react';
import { InPageError, type InPage, type ModelsReport, type StorageApi, type UsageReport } from '../../../client';

export interface ServiceStorage {
  report?: ModelsReport;
  usage?: UsageReport;
  error?: { code: string; message: string };
  /** Bytes downloaded and expected while "make available offline" runs. */
  progress?: { loaded: number; total: number };
  busy: boolean;
}

function storageOf(ai: InPage, service: string): StorageApi {
  return (ai as unknown as Record<string, StorageApi>)[service]!;
}

/** Bytes "make available offline" would still download: the first model of each group not yet stored. */
export function pendingBytes(report: ModelsReport | undefined): number {
  if (!report) return 0;
  const seen = new Set<string>();
  let bytes = 0;
  for (const model of report.models.filter((m) => m.default)) {
    const group = model.group ?? model.id;
    if (seen.has(group)) continue;
    seen.add(group);
    const members = report.models.filter((m) => (m.group ?? m.id) === group);
    if (!members.some((m) => m.cached)) bytes += members[0]!.bytes;
  }
  return bytes;
}

/** A service's models and usage, or why they could not be read (e.g. its model is missing, offline). */
async function load(ai: InPage, service: string): Promise<Partial<ServiceStorage>> {
  try {
    const api = storageOf(ai, service);
    const [report, usage] = await Promise.all([api.offlineModels(), api.usage()]);
    return { report, usage };
  } catch (error) {
    const { code, message } = InPageError.from(error, service);
    return { error: { code, message } };
  }
}

export function useServiceStorage(ai: InPage, services: string[]) {
  const [state, setState] = useState<Record<string, ServiceStorage>>({});
  const patch = useCallback(
    (service: string, next: Partial<ServiceStorage>) => setState((prev) => ({ ...prev, [service]: { busy: false, ...prev[service], ...next } })),
    [],
  );
  const fail = useCallback(
    (service: string, error: unknown) => {
      const { code, message } = InPageError.from(error, service);
      patch(service, { error: { code, message }, busy: false, progress: undefined });
    },
    [patch],
  );

  const refresh = useCallback(async (service: string) => patch(service, await load(ai, service)), [ai, patch]);

  const key = services.join();
  useEffect(() => {
    let live = true;
    for (const service of key.split(',').filter(Boolean)) void load(ai, service).then((next) => live && patch(service, next));
    return () => {
      live = false;
    };
  }, [ai, key, patch]);

  const prepare = useCallback(
    async (service: string, onBytes?: (loaded: number, total: number) => void) => {
      patch(service, { busy: true, error: undefined, progress: { loaded: 0, total: 0 } });
      try {
        const report = await storageOf(ai, service).prepare({
          onProgress: ({ loaded = 0, total = 0 }) => {
            patch(service, { progress: { loaded, total } });
            onBytes?.(loaded, total);
          },
        });
        patch(service, { report, busy: false, progress: undefined });
      } catch (error) {
        fail(service, error);
      }
      await refresh(service);
    },
    [ai, patch, fail, refresh],
  );

  const forget = useCallback(
    async (service: string, id: string) => {
      patch(service, { busy: true });
      try {
        patch(service, { report: await storageOf(ai, service).forgetModel(id), busy: false });
      } catch (error) {
        fail(service, error);
      }
      await refresh(service);
    },
    [ai, patch, fail, refresh],
  );

  return { state, prepare, forget, refresh };
}
