/** Each service's own data, separately: how much it stores, export, import, delete; and the site's quota. */
import { SERVICE_NAMES, type InPage } from '../../client';
import { OriginStorage } from '../components/data/OriginStorage';
import { ServiceData } from '../components/data/ServiceData';

export function DataPage({ ai }: { ai: InPage }) {
  return (
    <section aria-labelledby="data-title" className="page wide">
      <div className="page-head">
        <h2 id="data-title">Data</h2>
        <p className="muted">Every service keeps its own database in this browser. Nothing here leaves your device unless you export it.</p>
      </div>
      <div className="cards">
        {SERVICE_NAMES.map((name) => (
          <ServiceData key={name} ai={ai} service={name} />
        ))}
      </div>
      <OriginStorage />
    </section>
  );
}
