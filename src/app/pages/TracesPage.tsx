/** The last requests through the bus, one row per trace (see ../traces.ts), filterable by deep link. */
import { useId, useMemo } from 'react';
import { SERVICE_NAMES, type InPage } from '../../client';
import { useTraces } from '../../client/react';
import { formatBytes, formatMs, formatTime } from '../format';
import { useQueryParam } from '../route';
import { groupTraces } from '../traces';

const SHOWN = 100;

export function TracesPage({ ai }: { ai: InPage }) {
  const records = useTraces(ai);
  const [service, setService] = useQueryParam('service');
  const [outcome, setOutcome] = useQueryParam('outcome');
  const [text, setText] = useQueryParam('q');
  const ids = { service: useId(), outcome: useId(), text: useId() };

  const groups = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return groupTraces(records)
      .filter((g) => !service || g.steps.some((s) => s.service === service))
      .filter((g) => !outcome || (outcome === 'ok' ? g.outcome === 'ok' : g.outcome !== 'ok'))
      .filter((g) => !needle || g.trace.toLowerCase().includes(needle) || g.steps.some((s) => `${s.service}.${s.method}`.includes(needle)))
      .reverse()
      .slice(0, SHOWN);
  }, [records, service, outcome, text]);

  return (
    <section aria-labelledby="traces-title" className="page wide">
      <div className="page-head">
        <h2 id="traces-title">Traces</h2>
        <p className="muted">The last {records.length} requests through the bus, newest first; a request that set off others shows as one trace.</p>
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter traces">
        <label htmlFor={ids.service}>Service</label>
        <select id={ids.service} value={service} onChange={(e) => setService(e.target.value)}>
          <option value="">all</option>
          {SERVICE_NAMES.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <label htmlFor={ids.outcome}>Outcome</label>
        <select id={ids.outcome} value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          <option value="">all</option>
          <option value="ok">ok</option>
          <option value="error">errors</option>
        </select>
        <label htmlFor={ids.text}>Method or trace id</label>
        <input id={ids.text} type="search" value={text} onChange={(e) => setText(e.target.value)} />
      </form>
      <p role="status" className="muted">
        {groups.length} {groups.length === 1 ? 'trace' : 'traces'} shown
      </p>
      <div className="table-scroll">
        <table className="traces">
          <caption className="visually-hidden">Recent traces</caption>
          <thead>
            <tr>
              <th scope="col">Finished</th>
              <th scope="col">Trace</th>
              <th scope="col">Requests</th>
              <th scope="col">Duration</th>
              <th scope="col">Outcome</th>
              <th scope="col">Payload</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.trace} data-trace={g.trace} data-outcome={g.outcome}>
                <td>{formatTime(g.at)}</td>
                <td>
                  <code>{g.trace}</code>
                </td>
                <td>
                  <ol className="steps">
                    {g.steps.map((s) => (
                      <li key={s.id}>
                        {s.service}.{s.method} <span className="muted">
                          {s.replica ?? 'no replica'} · {formatMs(s.ms)}
                          {s.outcome !== 'ok' && ` · ${s.outcome}`}
                        </span>
                      </li>
                    ))}
                  </ol>
                </td>
                <td>{formatMs(g.ms)}</td>
                <td className={g.outcome === 'ok' ? undefined : 'error'}>{g.outcome}</td>
                <td>{formatBytes(g.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
