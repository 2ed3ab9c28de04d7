import type { LiveStatus } from '../../client/react';

/** A service's state, backend and model, and start-up progress while it loads. */
export function ServiceBadge({ live: { status, progress } }: { live: LiveStatus }) {
  const state = status?.state ?? 'starting';
  const loading = state !== 'ready' && progress;
  return (
    <div className="service-badge" role="status" aria-live="polite" data-state={state}>
      <span className={`dot ${state}`} aria-hidden="true" />
      <span>
        Service: <strong>{state}</strong>
        {status?.backend && <> · backend {status.backend}</>}
        {status?.model && <> · {status.model}</>}
      </span>
      {state === 'failed' && status?.reason && <span className="error"> {status.reason}</span>}
      {loading && (
        <span className="progress">
          {progress.total ? (
            <>
              <progress value={progress.loaded} max={progress.total} aria-label="Model download" />{' '}
              {((progress.loaded ?? 0) / 1e6).toFixed(1)} / {(progress.total / 1e6).toFixed(1)} MB
            </>
          ) : (
            progress.message
          )}
        </span>
      )}
    </div>
  );
}
