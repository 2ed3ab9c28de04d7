import type { Classification } from '../../client';

/** Labels as bars, best first; the percentage is in the text too, not only in the bar's width. */
export function Predictions({ items }: { items: Classification[] }) {
  return (
    <ol className="predictions" aria-label="Predictions">
      {items.map(({ label, probability }) => {
        const percent = `${(probability * 100).toFixed(1)}%`;
        return (
          <li key={label}>
            <span className="label">{label}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: percent }} />
            </span>
            <span className="value">{percent}</span>
          </li>
        );
      })}
    </ol>
  );
}
