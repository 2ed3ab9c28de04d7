/** Held-out quality beside the baseline, the confusion matrix, and which columns the model leans on. */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Metrics, ModelSummary, TrainResult } from '../../../client';
import { short } from './QualityReport';

export function MetricsView({ model, candidates }: { model: ModelSummary; candidates?: TrainResult['candidates'] }) {
  const { metrics } = model;
  return (
    <section aria-labelledby="metrics-title" className="metrics">
      <h3 id="metrics-title">
        How good is it? {model.kind === 'mlp' ? 'MLP' : 'Linear'} model for {model.target}, on rows it never saw
      </h3>
      <table className="metrics-table" aria-label="Held-out metrics">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {headings(metrics).map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(candidates ?? [{ kind: model.kind, metrics, epochs: 0 }]).map((c) => (
            <tr key={c.kind} aria-current={c.kind === model.kind ? 'true' : undefined}>
              <th scope="row">
                {c.kind === 'mlp' ? 'MLP' : 'Linear'}
                {c.kind === model.kind ? ' (kept)' : ''}
              </th>
              {cells(c.metrics).map((v, i) => (
                <td key={i} className="num">
                  {v}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">{metrics.kind === 'classification' ? `Baseline: always ${metrics.baseline.label}` : `Baseline: always the mean ${short(metrics.baseline.mean)}`}</th>
            {baselineCells(metrics).map((v, i) => (
              <td key={i} className="num">
                {v}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {metrics.kind === 'classification' && <Confusion labels={metrics.labels} confusion={metrics.confusion} />}
      <h4>Feature importance (drop in {metrics.kind === 'classification' ? 'accuracy' : 'R²'} when the column is shuffled)</h4>
      <figure className="chart" aria-label="Feature importance">
        <ResponsiveContainer width="100%" height={40 + 28 * model.importance.length}>
          <BarChart data={model.importance} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" />
            <YAxis type="category" dataKey="column" width={150} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} />
            <Bar dataKey="drop" fill="#2156d9" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </section>
  );
}

function Confusion({ labels, confusion }: { labels: string[]; confusion: number[][] }) {
  return (
    <table className="confusion" aria-label="Confusion matrix">
      <caption>Confusion matrix: rows are the actual class, columns the predicted one</caption>
      <thead>
        <tr>
          <th scope="col">actual \ predicted</th>
          {labels.map((label) => (
            <th key={label} scope="col">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, i) => (
          <tr key={labels[i]}>
            <th scope="row">{labels[i]}</th>
            {row.map((n, j) => (
              <td key={j} className={i === j ? 'num hit' : 'num'}>
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function headings(metrics: Metrics): string[] {
  return metrics.kind === 'classification' ? ['accuracy', 'precision', 'recall', 'F1', 'ROC AUC'] : ['R²', 'RMSE', 'MAE'];
}

function cells(metrics: Metrics): string[] {
  if (metrics.kind === 'classification') return [metrics.accuracy, metrics.precision, metrics.recall, metrics.f1, metrics.rocAuc].map((v) => v.toFixed(3));
  return [metrics.r2.toFixed(3), short(metrics.rmse), short(metrics.mae)];
}

function baselineCells(metrics: Metrics): string[] {
  if (metrics.kind === 'classification') return [metrics.baseline.accuracy.toFixed(3), '', '', '', '0.500'];
  return [metrics.baseline.r2.toFixed(3), short(metrics.baseline.rmse), short(metrics.baseline.mae)];
}
