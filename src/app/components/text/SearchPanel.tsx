/** Search the stored texts by meaning, and export or delete what the text service keeps. */
import { useState, type FormEvent } from 'react';
import { InPageError, type InPage, type SearchHit } from '../../../client';

export function SearchPanel({ ai, model, stored, onChange }: { ai: InPage; model?: string; stored: number; onChange: () => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>();
  const [error, setError] = useState<string>();

  async function search(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      setHits(await ai.text.search(query, { topK: 5, model }));
    } catch (e) {
      setHits(undefined);
      setError(InPageError.from(e, 'text').message);
    }
  }

  async function exportData() {
    const file = await ai.text.exportData();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(file);
    link.download = file.name;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function clear() {
    if (!window.confirm(`Delete all ${stored} stored texts from this device?`)) return;
    await ai.text.clearData();
    setHits(undefined);
    onChange();
  }

  return (
    <section className="text-search" aria-labelledby="text-search-title">
      <h3 id="text-search-title">Search stored texts ({stored.toLocaleString('en')})</h3>
      <form onSubmit={search}>
        <input type="search" aria-label="Search by meaning" placeholder="e.g. late delivery" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">Search</button>
        <button type="button" onClick={() => void exportData()}>Export (JSON)</button>
        <button type="button" onClick={() => void clear()} disabled={!stored}>Delete all</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {hits && (
        <ol className="hits" aria-label="Search results">
          {hits.length === 0 && <li>Nothing stored matches yet.</li>}
          {hits.map((hit) => (
            <li key={hit.id} data-testid="hit">
              <span className="score">{hit.score.toFixed(3)}</span> {hit.text.length > 200 ? `${hit.text.slice(0, 200)}…` : hit.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
