/** Many images at once: classify them all (two at a time, so extra replicas help), then save a CSV. */
import { InPageError, type InPage } from '../../../client';
import { useTask } from '../../../client/react';
import { downloadFile, toCsv } from '../../download';
import { DropZone } from '../DropZone';
import { TaskProgress } from '../TaskProgress';

const PARALLEL = 2;

interface Row {
  file: string;
  label: string;
  probability: number;
  error?: string;
}

export function BatchClassify({ ai, model }: { ai: InPage; model: string }) {
  const batch = useTask(async ({ signal, onProgress }, files: File[]) => {
    const rows: Row[] = new Array(files.length);
    let next = 0;
    let done = 0;
    onProgress({ phase: 'batch', loaded: 0, total: files.length });
    const worker = async () => {
      for (let i = next++; i < files.length; i = next++) {
        signal.throwIfAborted();
        const file = files[i]!;
        try {
          const [best] = await ai.image.classify(file, { topK: 1, signal, ...(model ? { model: model as `custom:${string}` } : {}) });
          rows[i] = { file: file.name, label: best?.label ?? '', probability: best?.probability ?? 0 };
        } catch (error) {
          const failure = InPageError.from(error, 'image');
          if (failure.code === 'CANCELLED') throw failure;
          // One bad file is a row with its reason; the batch goes on.
          rows[i] = { file: file.name, label: '', probability: 0, error: failure.message };
        }
        done += 1;
        onProgress({ phase: 'batch', loaded: done, total: files.length, message: `${done} of ${files.length} classified` });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
    return rows;
  });

  const rows = batch.state.status === 'done' ? batch.state.result : [];

  return (
    <section className="panel" aria-labelledby="batch-title">
      <h3 id="batch-title">Classify many images</h3>
      <DropZone accept="image/*" multiple label="Drop a folder's images here, or choose several" onFiles={(files) => void batch.run(files)} />
      <TaskProgress task={batch} label="Batch" />
      {batch.state.status === 'done' && (
        <>
          <div className="row">
            <span role="status">
              {rows.length} images classified{rows.some((r) => r.error) && `, ${rows.filter((r) => r.error).length} could not be read`}.
            </span>
            <button
              type="button"
              onClick={() =>
                downloadFile(
                  'classifications.csv',
                  toCsv([['file', 'label', 'probability', 'error'], ...rows.map((r) => [r.file, r.label, r.probability.toFixed(4), r.error ?? ''])]),
                  'text/csv',
                )
              }
            >
              Download CSV
            </button>
          </div>
          <div className="table-scroll">
            <table aria-label="Batch results">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Label</th>
                  <th scope="col">Probability</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    <td>{r.file}</td>
                    <td className={r.error ? 'error' : undefined}>{r.error ?? r.label}</td>
                    <td>{r.error ? '–' : `${(r.probability * 100).toFixed(1)}%`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
