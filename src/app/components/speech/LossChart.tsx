/** Training loss and accuracy per epoch, drawn as training goes. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SpeechEpochLog } from '../../../client';

export function LossChart({ epochs }: { epochs: SpeechEpochLog[] }) {
  return (
    <figure className="chart" aria-label="Training loss per epoch">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="epoch" label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
          <YAxis yAxisId="loss" />
          <YAxis yAxisId="accuracy" orientation="right" domain={[0, 1]} />
          <Tooltip />
          <Legend />
          <Line yAxisId="loss" type="monotone" dataKey="loss" stroke="#c2410c" dot={false} isAnimationActive={false} />
          <Line yAxisId="accuracy" type="monotone" dataKey="accuracy" stroke="#15803d" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        {epochs.length ? `Epoch ${epochs.at(-1)!.epoch}: loss ${epochs.at(-1)!.loss.toFixed(3)}, accuracy ${(epochs.at(-1)!.accuracy * 100).toFixed(0)}%` : 'No training yet.'}
      </figcaption>
    </figure>
  );
}
