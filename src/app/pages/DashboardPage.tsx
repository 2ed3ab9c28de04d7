/** The operations console: a live card per service, fed by the bus's status and metrics events. */
import { SERVICE_NAMES, type InPage } from '../../client';
import { ServiceCard } from '../components/dashboard/ServiceCard';

export function DashboardPage({ ai }: { ai: InPage }) {
  return (
    <section aria-labelledby="dashboard-title" className="page wide">
      <div className="page-head">
        <h2 id="dashboard-title">Dashboard</h2>
        <p className="muted">Live from the bus: each service's replicas, numbers and controls. Latency includes time in the queue.</p>
      </div>
      <div className="cards">
        {SERVICE_NAMES.map((name) => (
          <ServiceCard key={name} ai={ai} service={name} />
        ))}
      </div>
    </section>
  );
}
