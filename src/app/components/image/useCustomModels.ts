/** The image service's custom models, re-read after every change the page makes. */
import { useCallback, useEffect, useState } from 'react';
import type { CustomModelSummary, InPage } from '../../../client';

export function useCustomModels(ai: InPage): { models: CustomModelSummary[]; refresh: () => Promise<void> } {
  const [models, setModels] = useState<CustomModelSummary[]>([]);
  const refresh = useCallback(async () => {
    try {
      setModels(await ai.image.listModels());
    } catch {
      // The service's own status badge says why it is not answering.
    }
  }, [ai]);
  useEffect(() => {
    // Reading from an external system (the service's database) once the page shows.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
  }, [refresh]);
  return { models, refresh };
}
