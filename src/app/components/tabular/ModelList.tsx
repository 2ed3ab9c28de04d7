/** The saved models: pick one to predict with, rename, export as JSON, delete; import an exported file. */
import { useState } from 'react';
import type { ModelSummary } from '../../../client';

interface Props {
  models: ModelSummary[];
  selected?: string;
  onSelect(id: string): void;
  onRename(id: string, name: string): void;
  onDelete(id: string): void;
  onExport(model: ModelSummary): void;
  onImport(file: File): void;
}

export function ModelList({ models, selected, onSelect, onRename, onDelete, onExport, onImport }: Props) {
  const [editing, setEditing] = useState<string>();
  return (
    <section aria-labelledby="models-title" className="models">
      <h3 id="models-title">Saved models</h3>
      {models.length === 0 && <p>None yet: train one above, or import an exported model.</p>}
      <ul aria-label="Saved models">
        {models.map((m) => (
          <li key={m.id} aria-current={m.id === selected ? 'true' : undefined}>
            {editing === m.id ? (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
                  if (name) onRename(m.id, name);
                  setEditing(undefined);
                }}
              >
                <input name="name" defaultValue={m.name} aria-label="New name" autoFocus />
                <button type="submit">Save</button>
              </form>
            ) : (
              <button type="button" className="link" onClick={() => onSelect(m.id)}>
                {m.name}
              </button>
            )}
            <span className="model-meta">
              {m.task} · {summary(m)} · {m.fingerprint.rows.toLocaleString('en')} rows · {new Date(m.createdAt).toLocaleString()}
            </span>
            <span className="model-actions">
              <button type="button" onClick={() => setEditing(m.id)}>
                Rename
              </button>
              <button type="button" onClick={() => onExport(m)}>
                Export
              </button>
              <button type="button" onClick={() => onDelete(m.id)}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      <label className="import">
        Import an exported model (.json){' '}
        <input
          type="file"
          accept=".json,application/json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onImport(file);
            event.target.value = '';
          }}
        />
      </label>
    </section>
  );
}

function summary(model: ModelSummary): string {
  const m = model.metrics;
  return m.kind === 'classification' ? `accuracy ${m.accuracy.toFixed(3)}` : `R² ${m.r2.toFixed(3)}`;
}
