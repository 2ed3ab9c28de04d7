/**
 * One service's own database: what it holds per store, export to a file, import one back, delete.
 * The storage methods are answered by the service's worker, so an idle service is only started on request.
 */
import { useEffect, useId, useState } from 'react';
import { InPageError, type InPage, type ServiceName, type UsageReport } from '../../../client';
import { useServiceStatus, useTask } from '../../../client/react';
import { downloadFile } from '../../download';
import { formatBytes } from '../../format';
import { TaskProgress } from '../TaskProgress';

export function ServiceData({ ai, service }: { ai: InPage; service: ServiceName }) {
  const { status } = useServiceStatus(ai, service);
  const api = ai[service];
  const title = useId();
  const importId = useId();
  const [confirming, setConfirming] = useState(false);
  /** A chosen export waits here until the person confirms it may replace what the service holds. */
  const [importing, setImporting] = useState<File>();
  const [notice, setNotice] = useState<{ error?: boolean; text: string }>();
  const usage = useTask(({ signal }) => api.usage({ signal }));
  const running = status?.state === 'ready';
  const report: UsageReport | undefined = usage.state.status === 'done' ? usage.state.result : undefined;

  const { run: measure } = usage;
  useEffect(() => {
    if (running) void measure();
  }, [running, measure]);

  async function act(what: () => Promise<string>) {
    setConfirming(false);
    setImporting(undefined);
    try {
      setNotice({ text: await what() });
    } catch (error) {
      setNotice({ error: true, text: InPageError.from(error, service).message });
    }
    await measure();
  }

  return (
    <article className="card" aria-labelledby={title} data-service={service}>
      <header className="card-head">
        <h3 id={title}>{service}</h3>
        {report && <span>{formatBytes(report.bytes)} in {report.database}</span>}
      </header>
      {!running && !report && (
        <p className="row">
          <span className="muted">The {service} service is {status?.state ?? 'idle'}; its database is read by the service itself.</span>
          <button type="button" onClick={() => ai.start(service)} disabled={status?.state === 'loading' || status?.state === 'starting'}>
            Start {service} to see its data
          </button>
        </p>
      )}
      <TaskProgress task={usage} label={`Reading ${service} storage`} />
      {report && (
        <table aria-label={`${service} database ${report.database}`}>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">Records</th>
              <th scope="col">Limit</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {report.stores.map((store) => (
              <tr key={store.name} data-store={store.name}>
                <th scope="row">{store.name === 'models' ? 'models (cache)' : store.name}</th>
                <td data-metric="records">{store.records}</td>
                <td data-metric="limit">{store.maxRecords === undefined ? '—' : store.maxRecords.toLocaleString('en')}</td>
                <td>{formatBytes(store.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {running && (
        <div className="row">
          <button type="button" onClick={() => void measure()} aria-label={`Refresh ${service} storage`}>
            Refresh
          </button>
          <button type="button" onClick={() => void act(async () => {
            const file = await api.exportData();
            downloadFile(file.name, file);
            return `Exported ${service} data to ${file.name}.`;
          })}>
            Export {service} data
          </button>
          <label htmlFor={importId}>Import {service} data</label>
          <input
            id={importId}
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) setImporting(file);
            }}
          />
          {importing && (
            <span role="group" aria-label={`Confirm importing ${service} data`} className="row">
              <span>
                Replace everything {service} stored with {importing.name}? What it holds now is deleted first.
              </span>
              <button
                type="button"
                className="danger"
                onClick={() =>
                  void act(async () => {
                    const { records } = await api.importData(importing);
                    const total = Object.values(records).reduce((a, b) => a + b, 0);
                    return `Imported ${total} records into ${service}.`;
                  })
                }
              >
                Yes, replace
              </button>
              <button type="button" onClick={() => setImporting(undefined)}>
                Keep what is there
              </button>
            </span>
          )}
          {!confirming ? (
            <button type="button" onClick={() => setConfirming(true)}>
              Delete {service} data
            </button>
          ) : (
            <span role="group" aria-label={`Confirm deleting ${service} data`} className="row">
              <span>Delete everything {service} stored (its models stay)?</span>
              <button type="button" className="danger" onClick={() => void act(async () => (await api.clearData(), `Deleted ${service} data.`))}>
                Yes, delete
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </span>
          )}
        </div>
      )}
      {notice && (
        <p role={notice.error ? 'alert' : 'status'} className={notice.error ? 'error' : undefined}>
          {notice.text}
        </p>
      )}
    </article>
  );
}
