/** One row per replica, with the two ways to replace it: gracefully, or as a crash drill. */
import type { InPage, ReplicaStatus, ServiceName } from '../../../client';
import { formatBytes, formatMs } from '../../format';

export function ReplicaTable({ ai, service, replicas }: { ai: InPage; service: ServiceName; replicas: ReplicaStatus[] }) {
  if (!replicas.length) return <p className="muted">No replicas running; one starts on the first request.</p>;
  return (
    <div className="table-scroll">
    <table className="replicas">
      <caption className="visually-hidden">Replicas of the {service} service</caption>
      <thead>
        <tr>
          <th scope="col">Replica</th>
          <th scope="col">State</th>
          <th scope="col">Backend</th>
          <th scope="col">Served</th>
          <th scope="col">In flight</th>
          <th scope="col">Memory</th>
          <th scope="col">Load</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {replicas.map((r) => (
          <tr key={r.id} data-replica={r.id}>
            <th scope="row">{r.id}</th>
            <td>{r.retiring ? `${r.state} (retiring)` : r.state}</td>
            <td>{r.backend ?? '–'}</td>
            <td data-metric="served">{served(r)}</td>
            <td>{r.inFlight}</td>
            <td>{formatBytes(r.memoryBytes)}</td>
            <td>{formatMs(r.modelLoadMs)}</td>
            <td className="actions">
              <button type="button" onClick={() => ai.restart(service, r.id)} disabled={r.retiring} aria-label={`Restart ${r.id}`}>
                Restart
              </button>
              <button type="button" onClick={() => ai.kill(service, r.id)} aria-label={`Kill ${r.id} (crash drill)`}>
                Kill
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** Requests this replica answered, from its own heartbeat report (the bus's ping excluded). */
function served(replica: ReplicaStatus): number {
  return Object.entries(replica.methods)
    .filter(([method]) => method !== 'ping')
    .reduce((sum, [, stats]) => sum + stats.count, 0);
}
