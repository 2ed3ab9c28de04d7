import type { ServiceStorage } from './useServiceStorage';
import { ByteProgress, megabytes } from './ByteProgress';

interface Props {
  service: string;
  storage: ServiceStorage | undefined;
  onPrepare(): void;
  onForget(id: string): void;
}

/** One service: offline ready or not, "make available offline" with byte progress, its models with sizes. */
export function ServiceOffline({ service, storage, onPrepare, onForget }: Props) {
  const { report, usage, error, progress, busy } = storage ?? { busy: false };
  const ready = report?.ready ?? false;
  const dataBytes = usage?.stores.filter((s) => s.name !== 'models').reduce((sum, s) => sum + s.bytes, 0) ?? 0;
  return (
    <article className="service-offline" aria-labelledby={`offline-${service}`} data-service={service} data-ready={ready}>
      <header>
        <h3 id={`offline-${service}`}>{service}</h3>
        <span className={`ready ${ready ? 'yes' : 'no'}`}>{!report ? 'checking…' : ready ? 'Offline ready' : 'Needs the network'}</span>
        {!ready && (
          <button type="button" onClick={onPrepare} disabled={busy}>
            {busy ? 'Downloading…' : 'Make available offline'}
          </button>
        )}
      </header>
      {progress && <ByteProgress loaded={progress.loaded} total={progress.total} label={`${service} models download`} />}
      {error && (
        <p role="alert" className="error" data-code={error.code}>
          {error.message}
        </p>
      )}
      {report && (
        <ul className="offline-models">
          {report.models.map((model) => (
            <li key={model.id} data-model={model.id} data-cached={model.cached} data-installed={!model.install}>
              <span className="name">
                {model.name}
                {model.group && <small> (one {model.task} model is enough)</small>}
              </span>
              <span className="size">{model.bytes ? megabytes(model.bytes) : 'size unknown'}</span>
              <span className="state">
                {model.cached ? 'stored' : model.install ? (
                  <>
                    not installed: <code>{model.install}</code> installs it
                  </>
                ) : (
                  'not stored'
                )}
              </span>
              {model.cached && (
                <button type="button" className="secondary" disabled={busy} onClick={() => onForget(model.id)} aria-label={`Remove ${model.name}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {usage && (
        <p className="usage">
          Stored: {megabytes(usage.bytes - dataBytes)} of models, {megabytes(dataBytes)} of your data.
        </p>
      )}
    </article>
  );
}
