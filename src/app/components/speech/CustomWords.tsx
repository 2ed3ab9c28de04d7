/**
 * The custom-word trainer: name a word, record examples (or add files), train with a progress bar and a
 * loss chart, switch models, export and import the result.
 */
import { useCallback, useEffect, useState } from 'react';
import { InPageError, type InPage, type SpeechEpochLog, type SpeechVocabulary } from '../../../client';
import { LevelMeter } from './LevelMeter';
import { LossChart } from './LossChart';

const EPOCHS = 30;

export function CustomWords({ ai, onVocabulary }: { ai: InPage; onVocabulary: (v: SpeechVocabulary) => void }) {
  const [word, setWord] = useState('');
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [level, setLevel] = useState(0);
  const [busy, setBusy] = useState<string>();
  const [epochs, setEpochs] = useState<SpeechEpochLog[]>([]);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<InPageError>();
  const [exported, setExported] = useState<string>();

  const refresh = useCallback(async () => {
    setCounts(await ai.speech.listExamples());
    onVocabulary(await ai.speech.vocabulary());
  }, [ai, onVocabulary]);

  useEffect(() => {
    let live = true;
    void Promise.all([ai.speech.listExamples(), ai.speech.vocabulary()])
      .then(([c, v]) => {
        if (!live) return;
        setCounts(c);
        onVocabulary(v);
      })
      .catch(() => undefined); // the service badge shows why the service is not up
    return () => {
      live = false;
    };
  }, [ai, onVocabulary]);
  useEffect(() => () => void (exported && URL.revokeObjectURL(exported)), [exported]);

  async function step(label: string, work: () => Promise<unknown>) {
    setBusy(label);
    setError(undefined);
    try {
      await work();
      await refresh();
    } catch (failure) {
      setError(InPageError.from(failure, 'speech'));
    } finally {
      setBusy(undefined);
      setLevel(0);
    }
  }

  const name = word.trim();
  const record = () =>
    step(`Recording "${name}"…`, async () => setCounts(await ai.speech.addExample(name, await ai.speech.record({ seconds: 1.5, onLevel: setLevel }))));
  const addFiles = (files: FileList) =>
    step(`Adding ${files.length} file(s) to "${name}"…`, async () => {
      for (const file of Array.from(files)) setCounts(await ai.speech.addExample(name, file));
    });
  const train = () =>
    step('Training…', async () => {
      setEpochs([]);
      setProgress(0);
      await ai.speech.train({
        epochs: EPOCHS,
        onProgress: (p) => {
          if (p.phase !== 'train' || !p.metrics) return;
          setProgress((p.loaded ?? 0) / (p.total ?? EPOCHS));
          setEpochs((previous) => [...previous, { epoch: p.loaded ?? previous.length + 1, loss: p.metrics!.loss ?? NaN, accuracy: p.metrics!.accuracy ?? NaN }]);
        },
      });
    });
  const exportModel = () =>
    step('Exporting…', async () => setExported(URL.createObjectURL(await ai.speech.exportModel())));
  const importModel = (file: File) => step('Importing…', () => ai.speech.importModel(file));

  return (
    <div className="custom-words">
      <div className="row">
        <label>
          Word <input value={word} onChange={(e) => setWord(e.target.value)} placeholder="e.g. lights" maxLength={40} />
        </label>
        <button type="button" disabled={!name || !!busy} onClick={() => void record()}>
          Record an example (1.5 s)
        </button>
        <label className="file-button">
          or add audio files
          <input type="file" accept="audio/*" multiple disabled={!name || !!busy} onChange={(e) => e.target.files?.length && void addFiles(e.target.files).then(() => (e.target.value = ''))} />
        </label>
        <LevelMeter level={level} label="Example recording level" />
      </div>
      <table className="examples" aria-label="Examples per word">
        <tbody>
          {Object.entries(counts).map(([w, n]) => (
            <tr key={w}>
              <th scope="row">{w}</th>
              <td>{n} example(s)</td>
              <td>
                <button type="button" disabled={!!busy} onClick={() => void step(`Removing "${w}"…`, () => ai.speech.deleteWord(w))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" disabled={!!busy || Object.keys(counts).length < 2} onClick={() => void train()}>
          Train custom words
        </button>
        <progress max={1} value={progress} aria-label="Training progress" />
        <button type="button" disabled={!!busy} onClick={() => void exportModel()}>
          Export model
        </button>
        {exported && (
          <a href={exported} download="inpage-custom-words.json">
            Download the exported model
          </a>
        )}
        <label className="file-button">
          Import model
          <input type="file" accept="application/json,.json" disabled={!!busy} onChange={(e) => e.target.files?.[0] && void importModel(e.target.files[0])} />
        </label>
      </div>
      {busy && <p role="status">{busy}</p>}
      {error && (
        <p role="alert" className="error" data-code={error.code}>
          {error.message}
        </p>
      )}
      <LossChart epochs={epochs} />
    </div>
  );
}
