/** Predict with a saved model: one row from a form, or many from a dropped CSV. */
import { useState, type FormEvent } from 'react';
import { InPageError, type InPage, type ModelSummary, type TabularPrediction, type TabularRow } from '../../../client';
import { DropZone } from '../DropZone';
import { short } from './QualityReport';

type State = { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; predictions: TabularPrediction[] } | { kind: 'error'; code: string; message: string };
const SHOWN_ROWS = 50;

export function PredictPanel({ ai, model }: { ai: InPage; model: ModelSummary }) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function run(input: TabularRow[] | File) {
    setState({ kind: 'working' });
    try {
      setState({ kind: 'done', predictions: await ai.tabular.predict(model.id, input) });
    } catch (error) {
      const failure = InPageError.from(error, 'tabular');
      setState({ kind: 'error', code: failure.code, message: failure.message });
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const row: TabularRow = {};
    for (const feature of model.features) {
      const value = String(data.get(feature.column) ?? '').trim();
      row[feature.column] = value === '' ? null : feature.type === 'number' ? Number(value) : value;
    }
    void run([row]);
  }

  return (
    <section aria-labelledby="predict-title" className="predict">
      <h3 id="predict-title">Predict {model.target} with “{model.name}”</h3>
      <form onSubmit={submit} className="predict-form" aria-label="New row">
        {model.features.map((feature) => (
          <label key={feature.column}>
            <span>{feature.column}</span>
            {feature.categories ? (
              <select name={feature.column} defaultValue="">
                <option value="">(missing)</option>
                {feature.categories.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            ) : (
              <input name={feature.column} type={feature.type === 'number' ? 'number' : 'text'} step="any" placeholder={feature.type === 'date' ? '2024-05-31' : ''} />
            )}
          </label>
        ))}
        <button type="submit">Predict</button>
      </form>
      <DropZone accept=".csv,text/csv,text/plain" label="…or drop a CSV of new rows" onFile={(file) => void run(file)} />
      <div aria-live="polite" aria-busy={state.kind === 'working'}>
        {state.kind === 'working' && <p role="status">Predicting…</p>}
        {state.kind === 'error' && (
          <p role="alert" className="error" data-code={state.code}>
            {state.message}
          </p>
        )}
        {state.kind === 'done' && <Predictions predictions={state.predictions} />}
      </div>
    </section>
  );
}

function Predictions({ predictions }: { predictions: TabularPrediction[] }) {
  const classes = predictions[0]?.probabilities ? Object.keys(predictions[0].probabilities) : [];
  return (
    <div className="table-scroll">
      <table aria-label="Predictions" className="predictions-table">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Prediction</th>
            {classes.map((c) => (
              <th key={c} scope="col">
                P({c})
              </th>
            ))}
            <th scope="col">Filled in</th>
          </tr>
        </thead>
        <tbody>
          {predictions.slice(0, SHOWN_ROWS).map((p, i) => (
            <tr key={i}>
              <td className="num">{i + 1}</td>
              <td>
                <strong>{typeof p.prediction === 'number' ? short(p.prediction) : p.prediction}</strong>
              </td>
              {classes.map((c) => (
                <td key={c} className="num">
                  {(p.probabilities![c]! * 100).toFixed(1)}%
                </td>
              ))}
              <td>{p.missing?.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {predictions.length > SHOWN_ROWS && <p>First {SHOWN_ROWS} of {predictions.length} rows.</p>}
    </div>
  );
}
