/** p50/p95/p99 over the last two minutes, from the bus's once-a-second samples. */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsSample } from '../../../client';
import { formatMs, formatTime } from '../../format';

const LINES = [
  { key: 'p50', colour: '#2156d9' },
  { key: 'p95', colour: '#d99a21' },
  { key: 'p99', colour: '#c8322b' },
] as const;

export function LatencyChart({ service, samples }: { service: string; samples: MetricsSample[] }) {
  const last = samples.at(-1);
  // The chart is a picture; its summary is text, so a screen reader gets the numbers.
  const summary = last
    ? `Latency of ${service} over the last ${samples.length} seconds: now p50 ${formatMs(last.p50)}, p95 ${formatMs(last.p95)}, p99 ${formatMs(last.p99)}.`
    : `No latency samples for ${service} yet.`;
  return (
    <figure className="chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height={120}>
        <LineChart data={samples} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ec" />
          <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatTime} tick={{ fontSize: 10 }} minTickGap={40} />
          <YAxis width={44} tickFormatter={(v: number) => formatMs(v)} tick={{ fontSize: 10 }} />
          <Tooltip labelFormatter={(at) => formatTime(Number(at))} formatter={(v) => formatMs(Number(v))} />
          {LINES.map(({ key, colour }) => (
            <Line key={key} dataKey={key} stroke={colour} dot={false} isAnimationActive={false} strokeWidth={key === 'p50' ? 2 : 1} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption aria-hidden="true">
        {LINES.map(({ key, colour }) => (
          <span key={key}>
            <span className="swatch" style={{ background: colour }} /> {key}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
