/** Loss per epoch (left axis) and the validation metric (right axis), live while training, for each model trained. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochPoint } from '../../../client';

const COLORS = { linear: '#8a5a00', mlp: '#2156d9' };
const NAMES = { linear: 'Linear', mlp: 'MLP' };

export function TrainingChart({ points, metric }: { points: EpochPoint[]; metric: string }) {
  const byEpoch = new Map<number, Record<string, number>>();
  for (const p of points) {
    const row = byEpoch.get(p.epoch) ?? { epoch: p.epoch };
    row[`${p.model} loss`] = p.loss;
    row[`${p.model} validation loss`] = p.valLoss;
    row[`${p.model} ${metric}`] = p.valMetric;
    byEpoch.set(p.epoch, row);
  }
  const models = [...new Set(points.map((p) => p.model))];
  const last = points[points.length - 1];
  return (
    <figure className="chart" aria-label="Training progress">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={[...byEpoch.values()]} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
          <YAxis yAxisId="loss" />
          <YAxis yAxisId="metric" orientation="right" domain={metric === 'accuracy' ? [0, 1] : ['auto', 1]} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} />
          <Legend />
          {models.flatMap((model) => [
            <Line key={`${model}-loss`} yAxisId="loss" dataKey={`${model} loss`} stroke={COLORS[model]} dot={false} isAnimationActive={false} />,
            <Line key={`${model}-val`} yAxisId="loss" dataKey={`${model} validation loss`} stroke={COLORS[model]} strokeDasharray="5 3" dot={false} isAnimationActive={false} />,
            <Line key={`${model}-metric`} yAxisId="metric" dataKey={`${model} ${metric}`} stroke={COLORS[model]} strokeWidth={3} strokeOpacity={0.45} dot={false} isAnimationActive={false} />,
          ])}
        </LineChart>
      </ResponsiveContainer>
      {last && (
        <figcaption role="status">
          {NAMES[last.model]} epoch {last.epoch}: loss {last.loss.toFixed(3)}, validation loss {last.valLoss.toFixed(3)}, validation {metric} {last.valMetric.toFixed(3)}
        </figcaption>
      )}
    </figure>
  );
}
