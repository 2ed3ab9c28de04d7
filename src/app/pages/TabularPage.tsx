/** Drop a CSV, read its quality report, pick the column to predict, train in the browser, see how good it is, predict new rows. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { InPageError, isEpochProgress, type DataProfile, type EpochPoint, type InPage, type ModelSummary, type Progress, type TrainResult } from '../../client';
import { DropZone } from '../components/DropZone';
import { ServiceBadge } from '../components/ServiceBadge';
import { MetricsView } from '../components/tabular/MetricsView';
import { ModelList } from '../components/tabular/ModelList';
import { PredictPanel } from '../components/tabular/PredictPanel';
import { QualityReport } from '../components/tabular/QualityReport';
import { TrainingChart } from '../components/tabular/TrainingChart';
import '../components/tabular/tabular.css';
import { useServiceStatus } from '../../client/react';

type Step =
  | { kind: 'idle' }
  | { kind: 'reading'; progress?: Progress }
  | { kind: 'training'; points: EpochPoint[]; controller: AbortController; message?: string }
  | { kind: 'error'; code: string; message: string };

export function TabularPage({ ai }: { ai: InPage }) {
  const live = useServiceStatus(ai, 'tabular');
  const [file, setFile] = useState<File>();
  const [profile, setProfile] = useState<DataProfile>();
  const [target, setTarget] = useState('');
  const [seed, setSeed] = useState(42);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [result, setResult] = useState<TrainResult>();
  const [points, setPoints] = useState<EpochPoint[]>([]);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [selected, setSelected] = useState<string>();
  const profiled = useRef(0);

  const fail = (error: unknown) => {
    const failure = InPageError.from(error, 'tabular');
    setStep({ kind: 'error', code: failure.code, message: failure.message });
  };
  const refresh = useCallback(() => ai.tabular.listModels().then(setModels, fail), [ai]);

  useEffect(() => ai.start('tabular'), [ai]);
  useEffect(() => void refresh(), [refresh]);

  async function readReport(csv: File, column: string) {
    const turn = ++profiled.current;
    setStep({ kind: 'reading' });
    try {
      const report = await ai.tabular.profile(csv, { target: column || undefined, onProgress: (progress) => setStep({ kind: 'reading', progress }) });
      if (turn !== profiled.current) return; // a newer file or target won
      setProfile(report);
      setStep({ kind: 'idle' });
    } catch (error) {
      if (turn === profiled.current) fail(error);
    }
  }

  function choose(csv: File) {
    setFile(csv);
    setProfile(undefined);
    setResult(undefined);
    setPoints([]);
    setTarget('');
    void readReport(csv, '');
  }

  async function train() {
    if (!file || !target) return;
    const controller = new AbortController();
    const collected: EpochPoint[] = [];
    setResult(undefined);
    setPoints([]);
    setStep({ kind: 'training', points: collected, controller });
    try {
      const trained = await ai.tabular.train(
        { csv: file, target, seed },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            if (isEpochProgress(progress)) {
              collected.push(progress.point);
              setPoints([...collected]);
            } else {
              setStep({ kind: 'training', points: collected, controller, message: progress.message });
            }
          },
        },
      );
      setResult(trained);
      setSelected(trained.modelId);
      setStep({ kind: 'idle' });
      void refresh();
    } catch (error) {
      fail(error);
    }
  }

  async function exportModel(model: ModelSummary) {
    try {
      const blob = await ai.tabular.exportModel(model.id);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${model.name.replace(/[^\w.-]+/g, '_')}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      fail(error);
    }
  }

  const act = (work: Promise<unknown>) => void work.then(refresh, fail);
  const errors = profile?.problems.some((p) => p.level === 'error');
  const metric = profile?.target?.task === 'regression' ? 'R²' : 'accuracy';
  const chosen = models.find((m) => m.id === selected);
  const training = step.kind === 'training';

  return (
    <section aria-labelledby="tabular-title" className="page tabular">
      <div className="page-head">
        <h2 id="tabular-title">Predict from a table</h2>
        <ServiceBadge live={live} />
      </div>
      <DropZone accept=".csv,.tsv,.txt,text/csv,text/plain" label="Drop a CSV here, or choose one" onFile={choose} />
      <div aria-live="polite">
        {step.kind === 'reading' && (
          <p role="status">
            Reading {file?.name}…{' '}
            {step.progress?.total ? <progress value={step.progress.loaded} max={step.progress.total} aria-label="Reading the CSV" /> : null}
          </p>
        )}
        {step.kind === 'error' && (
          <p role="alert" className="error" data-code={step.code}>
            {file && <strong>{file.name}: </strong>}
            {step.message}
          </p>
        )}
      </div>
      {profile && file && (
        <>
          <QualityReport profile={profile} />
          <form
            className="train-form"
            onSubmit={(event) => {
              event.preventDefault();
              void train();
            }}
          >
            <label>
              Column to predict{' '}
              <select
                value={target}
                onChange={(event) => {
                  setTarget(event.target.value);
                  void readReport(file, event.target.value);
                }}
                disabled={training}
              >
                <option value="">Choose…</option>
                {profile.columns.map((c) => (
                  <option key={c.name}>{c.name}</option>
                ))}
              </select>
            </label>
            {profile.target?.task && <span className="task">task: {profile.target.task}</span>}
            <label>
              Seed <input type="number" min={0} value={seed} onChange={(event) => setSeed(Number(event.target.value) || 0)} disabled={training} />
            </label>
            <button type="submit" disabled={!target || errors || training || step.kind === 'reading'}>
              Train
            </button>
            {training && (
              <button type="button" onClick={() => step.controller.abort()}>
                Cancel
              </button>
            )}
          </form>
          {training && step.message && <p role="status">{step.message}</p>}
        </>
      )}
      {points.length > 0 && <TrainingChart points={points} metric={metric} />}
      {result && <MetricsView model={result} candidates={result.candidates} />}
      {chosen && <PredictPanel key={chosen.id} ai={ai} model={chosen} />}
      <ModelList
        models={models}
        selected={selected}
        onSelect={setSelected}
        onRename={(id, name) => act(ai.tabular.renameModel(id, name))}
        onDelete={(id) => act(ai.tabular.deleteModel(id))}
        onExport={(model) => void exportModel(model)}
        onImport={(file) => act(ai.tabular.importModel(file).then((m) => setSelected(m.id)))}
      />
    </section>
  );
}
