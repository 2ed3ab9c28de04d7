/**
 * Teach the image service new classes from a few examples (files or the camera), then manage the
 * custom models it keeps in its own database: export to a file, import one back, delete.
 */
import { useId, useState } from 'react';
import { InPageError, type CustomModelFile, type CustomModelSummary, type InPage } from '../../../client';
import { useTask } from '../../../client/react';
import { downloadFile } from '../../download';
import { DropZone } from '../DropZone';
import { TaskProgress } from '../TaskProgress';
import { Camera } from './Camera';

interface Example {
  name: string;
  image: Blob;
}

export function CustomClasses({ ai, models, onChange }: { ai: InPage; models: CustomModelSummary[]; onChange: () => Promise<void> }) {
  const ids = { model: useId(), label: useId(), import: useId() };
  const [model, setModel] = useState('my-classes');
  const [label, setLabel] = useState('');
  const [examples, setExamples] = useState<Example[]>([]);
  const [notice, setNotice] = useState<{ error?: boolean; text: string }>();

  const teaching = useTask(async ({ signal, onProgress }, name: string, className: string, images: Example[]) => {
    const summary = await ai.image.teach(name, className, images.map((e) => e.image), { signal, onProgress });
    const count = summary.classes.find((c) => c.label === className)?.examples ?? 0;
    setExamples([]);
    setNotice({ text: `"${className}" in ${name} now has ${count} examples.` });
    await onChange();
    return summary;
  });

  /** Runs a model-management call, reporting its outcome in one place. */
  async function act(what: () => Promise<string>) {
    try {
      setNotice({ text: await what() });
      await onChange();
    } catch (error) {
      setNotice({ error: true, text: InPageError.from(error, 'image').message });
    }
  }

  const canTeach = model.trim() && label.trim() && examples.length > 0 && teaching.state.status !== 'running';

  return (
    <section className="panel" aria-labelledby="teach-title">
      <h3 id="teach-title">Teach new classes</h3>
      <p className="muted">
        Give a few example images per class (five or more works best). Only their embeddings are kept, in this browser&apos;s image database.
      </p>
      <div className="row">
        <span className="field">
        <label htmlFor={ids.model}>Custom model</label>
        <input id={ids.model} type="text" value={model} onChange={(e) => setModel(e.target.value)} list={`${ids.model}-names`} />
        <datalist id={`${ids.model}-names`}>
          {models.map((m) => (
            <option key={m.name} value={m.name} />
          ))}
        </datalist>
        </span>
        <span className="field">
        <label htmlFor={ids.label}>Class</label>
        <input id={ids.label} type="text" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. my mug" />
        </span>
      </div>
      <DropZone
        accept="image/*"
        multiple
        label="Drop example images for this class, or choose them"
        onFiles={(files) => setExamples((prev) => [...prev, ...files.map((file) => ({ name: file.name, image: file }))])}
      />
      <Camera onCapture={(image) => setExamples((prev) => [...prev, { name: `camera ${prev.length + 1}`, image }])} />
      <div className="row">
        <span role="status">
          {examples.length} example{examples.length === 1 ? '' : 's'} ready
          {examples.length > 0 && `: ${examples.map((e) => e.name).join(', ')}`}
        </span>
        {examples.length > 0 && (
          <button type="button" onClick={() => setExamples([])}>
            Clear examples
          </button>
        )}
        <button type="button" className="primary" disabled={!canTeach} onClick={() => void teaching.run(model.trim(), label.trim(), examples)}>
          Teach {label.trim() ? `"${label.trim()}"` : 'this class'}
        </button>
      </div>
      <TaskProgress task={teaching} label="Teaching" />
      {notice && (
        <p role={notice.error ? 'alert' : 'status'} className={notice.error ? 'error' : undefined}>
          {notice.text}
        </p>
      )}

      <h4>Your custom models</h4>
      {models.length === 0 && <p className="muted">None yet.</p>}
      <ul className="custom-models">
        {models.map((m) => (
          <li key={m.name} data-model={m.name}>
            <strong>{m.name}</strong> <span className="muted">on {m.base}</span>
            <ul>
              {m.classes.map((c) => (
                <li key={c.label}>
                  {c.label}: {c.examples} examples{' '}
                  <button type="button" aria-label={`Remove class ${c.label} from ${m.name}`} onClick={() => void act(async () => (await ai.image.deleteClass(m.name, c.label), `Removed "${c.label}" from ${m.name}.`))}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
            <span className="row">
              <button type="button" aria-label={`Export ${m.name} to a file`} onClick={() => void act(async () => {
                downloadFile(`${m.name}.inpage-classes.json`, JSON.stringify(await ai.image.exportModel(m.name)));
                return `Exported ${m.name}.`;
              })}>
                Export
              </button>
              <button type="button" aria-label={`Delete ${m.name}`} onClick={() => void act(async () => (await ai.image.deleteModel(m.name), `Deleted ${m.name}.`))}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      <div className="row">
        <label htmlFor={ids.import}>Import a custom model file</label>
        <input
          id={ids.import}
          type="file"
          accept=".json,application/json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void act(async () => {
              if (file.size > MAX_CUSTOM_FILE_BYTES) {
                throw new InPageError('TOO_LARGE', `${file.name} is ${Math.round(file.size / 1048576)} MB; a custom-classes file is at most ${MAX_CUSTOM_FILE_BYTES / 1048576} MB.`, 'image');
              }
              const saved = await ai.image.importModel(parseJson(await file.text(), file.name));
              return `Imported ${saved.name} with ${saved.classes.length} classes.`;
            });
          }}
        />
      </div>
    </section>
  );
}

/** 50 classes of 200 MobileNet v2 embeddings (1,280 numbers) as JSON: about 100 MB at the most. */
const MAX_CUSTOM_FILE_BYTES = 128 * 1024 * 1024;

function parseJson(text: string, name: string): CustomModelFile {
  try {
    return JSON.parse(text) as CustomModelFile;
  } catch {
    throw new InPageError('INVALID_INPUT', `${name} is not a JSON file.`, 'image');
  }
}
