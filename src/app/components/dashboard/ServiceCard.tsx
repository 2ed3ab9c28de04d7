/** A service at a glance: state, replicas, backend, model, counts, latency, load time, memory, and its controls. */
import { useId } from 'react';
import type { InPage, ServiceName, ServiceStatus } from '../../../client';
import { useMetrics, useServiceStatus } from '../../../client/react';
import { formatBytes, formatMs } from '../../format';
import { LatencyChart } from './LatencyChart';
import { ReplicaTable } from './ReplicaTable';

const MAX_REPLICAS = 16;

export function ServiceCard({ ai, service }: { ai: InPage; service: ServiceName }) {
  const { status } = useServiceStatus(ai, service);
  const samples = useMetrics(service, ai);
  const title = useId();
  if (!status) return null;
  const { requests, replicas } = status;
  const loadMs = max(replicas.map((r) => r.modelLoadMs));
  const memory = sum(replicas.map((r) => r.memoryBytes));
  const target = status.targetReplicas;
  // Why the backend serves (or what is being timed now, while the service is idle).
  const ready = replicas.find((r) => r.state === 'ready');
  const backendNote = ready?.backendNote;

  const numbers: Array<[string, string, string]> = [
    ['replicas', 'Replicas', `${replicas.filter((r) => !r.retiring).length} / ${target}`],
    ['requests', 'Requests', String(requests.count)],
    ['errors', 'Errors', String(requests.errors)],
    ['in-flight', 'In flight', String(status.inFlight)],
    ['queue', 'Queued', String(status.queue)],
    ['restarts', 'Restarts', String(status.restarts)],
    // Of which: replaced for passing the memory budget; and requests tried again after a crash.
    ['recycled', 'Recycled (memory)', String(status.recycled)],
    ['retried', 'Retried', String(status.retried)],
    ['p50', 'p50', formatMs(requests.count ? requests.p50 : undefined)],
    ['p95', 'p95', formatMs(requests.count ? requests.p95 : undefined)],
    ['p99', 'p99', formatMs(requests.count ? requests.p99 : undefined)],
    ['load', 'Model load', formatMs(loadMs)],
    ['memory', 'Memory', formatBytes(memory)],
  ];

  return (
    <article className="card" aria-labelledby={title} data-service={service} data-state={status.state}>
      <header className="card-head">
        <h3 id={title}>{service}</h3>
        <span className="state" role="status" aria-label={`${service} state`}>
          <span className={`dot ${status.state}`} aria-hidden="true" /> {status.state}
        </span>
      </header>
      <p className="model">
        {status.model ?? 'model not loaded'} · backend <strong>{status.backend ?? '–'}</strong>
      </p>
      {backendNote && (
        <p className="muted backend-note" data-metric="backend-note">
          {backendNote}
        </p>
      )}
      {ready?.threadsNote && (
        <p className="muted" data-metric="threads">
          {ready.threadsNote}
        </p>
      )}
      {ready?.notInstalled && (
        <p className="muted" data-metric="not-installed">
          Not installed: {ready.notInstalled.models.join(', ')} (<code>{ready.notInstalled.install}</code> installs them)
        </p>
      )}
      {status.state === 'failed' && status.reason && <p className="error">{status.reason}</p>}
      <dl className="numbers">
        {numbers.map(([key, label, value]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-metric={key}>{value}</dd>
          </div>
        ))}
      </dl>
      <LatencyChart service={service} samples={samples} />
      <div className="controls">
        {target === 0 ? (
          <button type="button" onClick={() => ai.start(service)}>
            Start {service}
          </button>
        ) : (
          <span role="group" aria-label={`Scale ${service}`}>
            <button type="button" onClick={() => void ai.scale(service, target - 1)} disabled={target <= 1} aria-label={`Remove a ${service} replica`}>
              −
            </button>
            <button type="button" onClick={() => void ai.scale(service, target + 1)} disabled={target >= MAX_REPLICAS} aria-label={`Add a ${service} replica`}>
              +
            </button>
          </span>
        )}
        <BackendSwitch ai={ai} service={service} status={status} />
      </div>
      <ReplicaTable ai={ai} service={service} replicas={replicas} />
    </article>
  );
}

/** Backends the replicas measured or tried, plus "measure": choosing one replaces the replicas. */
function BackendSwitch({ ai, service, status }: { ai: InPage; service: ServiceName; status: ServiceStatus }) {
  const id = useId();
  const known = new Set<string>();
  for (const r of status.replicas) {
    for (const name of Object.keys(r.backendTimings ?? {})) known.add(name);
    for (const name of Object.keys(r.backendFailures ?? {})) known.add(name);
    for (const name of Object.keys(r.backendSkipped ?? {})) known.add(name);
    if (r.backend) known.add(r.backend);
  }
  if (status.pinnedBackend) known.add(status.pinnedBackend);
  return (
    <span className="backend-switch">
      <label htmlFor={id}>Backend</label>
      <select id={id} value={status.pinnedBackend ?? ''} onChange={(event) => ai.setBackend(service, event.target.value || undefined)}>
        <option value="">fastest (measured)</option>
        {[...known].sort().map((name) => (
          <option key={name} value={name}>
            {name}
            {status.replicas[0]?.backendFailures?.[name] ? ' (failed here)' : ''}
            {status.replicas[0]?.backendSkipped?.[name] ? ' (emulated here)' : ''}
          </option>
        ))}
      </select>
    </span>
  );
}

function max(values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.max(...known) : undefined;
}

function sum(values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
}
