/** How a batch came out: how many texts got each sentiment and each top label. */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { answer, type TextRow } from './ResultsTable';

const COLOURS: Record<string, string> = { positive: '#1d9a4b', negative: '#c8322b' };

export function SummaryChart({ rows }: { rows: TextRow[] }) {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const judged = answer(row.sentiment);
    const sentiment = judged && (judged.label === 'POSITIVE' ? 'positive' : 'negative');
    const label = answer(row.classified)?.labels[0]?.label;
    for (const key of [sentiment, label && `label: ${label}`]) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const data = [...counts].map(([name, count]) => ({ name, count }));
  if (!data.length) return null;
  return (
    <figure className="text-summary" aria-label="Batch summary">
      <figcaption>
        {rows.length.toLocaleString('en')} texts: {data.map((d) => `${d.name} ${d.count}`).join(', ')}
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={COLOURS[d.name] ?? '#2156d9'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
