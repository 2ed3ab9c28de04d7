/** One row per analysed text: the text (always as text, never markup), its sentiment as a coloured bar, its top label. */
import type { Classified, ItemError, Sentiment } from '../../../client';

export interface TextRow {
  text: string;
  sentiment?: Sentiment | ItemError;
  classified?: Classified | ItemError;
}

/** An answer, or undefined where the item carried its own error. */
export const answer = <T extends object>(result: T | ItemError | undefined): T | undefined => (result && !('error' in result) ? result : undefined);

/** Rows drawn at once; the summary chart counts all of them. */
export const SHOWN_ROWS = 200;

export function ResultsTable({ rows }: { rows: TextRow[] }) {
  const shown = rows.slice(0, SHOWN_ROWS);
  return (
    <div className="text-results">
      <table>
        <thead>
          <tr>
            <th scope="col">Text</th>
            <th scope="col">Sentiment</th>
            <th scope="col">Top label</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => {
            const sentiment = answer(row.sentiment);
            const top = answer(row.classified)?.labels[0];
            const failure = [row.sentiment, row.classified].find((r) => r && 'error' in r) as ItemError | undefined;
            return (
              <tr key={i} data-testid="text-row">
                <td className="text-cell" title={row.text}>
                  {row.text.length > 280 ? `${row.text.slice(0, 280)}…` : row.text}
                  {(sentiment?.truncated ?? answer(row.classified)?.truncated) && <span className="notice"> (long: judged on its beginning)</span>}
                  {failure && (
                    <span className="error" data-code={failure.error.code}>
                      {' '}
                      {failure.error.message}
                    </span>
                  )}
                </td>
                <td>{sentiment ? <SentimentBar sentiment={sentiment} /> : '—'}</td>
                <td data-testid="top-label">
                  {top ? (
                    <>
                      <strong>{top.label}</strong> {(top.score * 100).toFixed(0)}%
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length && (
        <p className="notice">
          Showing the first {shown.length} of {rows.length.toLocaleString('en')} rows; the chart counts them all.
        </p>
      )}
    </div>
  );
}

/** Green for positive, red for negative; the bar's length is the model's confidence. */
function SentimentBar({ sentiment }: { sentiment: Sentiment }) {
  const positive = sentiment.label === 'POSITIVE';
  return (
    <span className="sentiment" data-label={sentiment.label} data-model={sentiment.model} title={`by ${sentiment.model}`}>
      <span className="bar" aria-hidden="true">
        <span className={positive ? 'positive' : 'negative'} style={{ width: `${(sentiment.score * 100).toFixed(0)}%` }} />
      </span>
      {positive ? 'positive' : 'negative'} {(sentiment.score * 100).toFixed(0)}%
    </span>
  );
}
