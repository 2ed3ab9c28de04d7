/** The data quality report: one row per column, then the problems in plain words, errors first. */
import type { ColumnProfile, DataProfile, Problem } from '../../../client';

const LEVEL_ORDER: Record<Problem['level'], number> = { error: 0, warning: 1, info: 2 };

export function QualityReport({ profile }: { profile: DataProfile }) {
  const problems = [...profile.problems].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  return (
    <section aria-labelledby="report-title" className="report">
      <h3 id="report-title">
        Data quality: {profile.rows.toLocaleString('en')} rows, {profile.columns.length} columns, {profile.missingCells.toLocaleString('en')} missing cells
      </h3>
      {problems.length > 0 && (
        <ul className="problems" aria-label="Problems found">
          {problems.map((problem, i) => (
            <li key={i} className={problem.level} data-level={problem.level}>
              <strong>{problem.level}</strong> {problem.message}
            </li>
          ))}
        </ul>
      )}
      <div className="table-scroll">
        <table className="columns-table" aria-label="Columns">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Missing</th>
              <th scope="col">Distinct</th>
              <th scope="col">Values</th>
              <th scope="col">Outliers</th>
              <th scope="col">Preparation</th>
            </tr>
          </thead>
          <tbody>
            {profile.columns.map((column) => (
              <tr key={column.name} data-column={column.name}>
                <th scope="row">{column.name}</th>
                <td>{column.type}</td>
                <td className="num">{column.missing}</td>
                <td className="num">{column.distinct}</td>
                <td>{values(column)}</td>
                <td className="num">{column.outliers ?? ''}</td>
                <td>{column.use}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A number's range and mean, or the most frequent values: shown as text, so HTML in a cell stays text. */
function values(column: ColumnProfile): string {
  if (column.type === 'number' && column.min !== undefined) {
    return `${short(column.min)} to ${short(column.max!)}, mean ${short(column.mean!)}`;
  }
  if (column.type === 'date' && column.min !== undefined) {
    return `${new Date(column.min).toISOString().slice(0, 10)} to ${new Date(column.max!).toISOString().slice(0, 10)}`;
  }
  return column.top
    .slice(0, 3)
    .map((t) => `${t.value.length > 30 ? `${t.value.slice(0, 30)}…` : t.value} (${t.count})`)
    .join(', ');
}

export function short(value: number): string {
  return Number(value.toPrecision(4)).toLocaleString('en');
}
