/** The whole site's storage as the browser reports it, and the request to keep it when space runs low. */
import { useCallback, useEffect, useState } from 'react';
import { formatBytes } from '../../format';

interface Estimate {
  usage: number;
  quota: number;
  persisted: boolean;
}

export function OriginStorage() {
  const [estimate, setEstimate] = useState<Estimate>();
  const [note, setNote] = useState<string>();
  const read = useCallback(async () => {
    if (!navigator.storage?.estimate) return;
    const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted()]);
    setEstimate({ usage, quota, persisted });
  }, []);
  useEffect(() => {
    // Reads the browser's storage numbers (an external system) when the page opens.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void read();
  }, [read]);

  async function persist() {
    const granted = await navigator.storage.persist();
    setNote(granted ? 'The browser will keep this data when space runs low.' : 'The browser declined; it may still clear this data when space runs low.');
    await read();
  }

  if (!navigator.storage?.estimate) return <p className="muted">This browser does not report its storage use.</p>;
  return (
    <section className="panel" aria-labelledby="origin-title">
      <h3 id="origin-title">This site&apos;s storage</h3>
      {estimate && (
        <p>
          <span data-testid="origin-usage">{formatBytes(estimate.usage)}</span> used of {formatBytes(estimate.quota)} the browser allows
          {' · '}
          {estimate.persisted ? 'kept when space runs low (persistent)' : 'may be cleared when space runs low'}
        </p>
      )}
      <div className="row">
        {estimate && !estimate.persisted && (
          <button type="button" onClick={() => void persist()}>
            Ask to keep this data
          </button>
        )}
        <button type="button" onClick={() => void read()}>
          Refresh
        </button>
      </div>
      {note && <p role="status">{note}</p>}
    </section>
  );
}
