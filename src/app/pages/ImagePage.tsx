/** Drop or pick an image, see what the image service thinks it shows or where its objects are; teach it new classes; classify many; watch the camera live. */
import { useEffect, useState } from 'react';
import { InPageError, type Classification, type Detection, type InPage } from '../../client';
import { useServiceStatus } from '../../client/react';
import { DropZone } from '../components/DropZone';
import { BatchClassify } from '../components/image/BatchClassify';
import { BoxedPhoto } from '../components/image/BoxedPhoto';
import { CustomClasses } from '../components/image/CustomClasses';
import { LiveCamera } from '../components/image/LiveCamera';
import { IMAGENET, ModelSelect } from '../components/image/ModelSelect';
import { useCustomModels } from '../components/image/useCustomModels';
import { Predictions } from '../components/Predictions';
import { ServiceBadge } from '../components/ServiceBadge';

type Result =
  | { kind: 'idle' }
  | { kind: 'working'; name: string; task: 'Classifying' | 'Detecting objects in' }
  | { kind: 'done'; name: string; predictions: Classification[] }
  | { kind: 'detected'; name: string; detections: Detection[] }
  | { kind: 'error'; name: string; code: string; message: string };

export function ImagePage({ ai }: { ai: InPage }) {
  const live = useServiceStatus(ai, 'image');
  const { models, refresh } = useCustomModels(ai);
  const [model, setModel] = useState(IMAGENET);
  const [result, setResult] = useState<Result>({ kind: 'idle' });
  const [preview, setPreview] = useState<string>();
  const [file, setFile] = useState<File>();

  useEffect(() => ai.start('image'), [ai]);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);
  // A custom model deleted meanwhile falls back to ImageNet.
  const chosen = models.some((m) => `custom:${m.name}` === model) ? model : IMAGENET;

  async function run(file: File, task: 'Classifying' | 'Detecting objects in', call: () => Promise<Result>) {
    setResult({ kind: 'working', name: file.name, task });
    try {
      setResult(await call());
    } catch (error) {
      const failure = InPageError.from(error, 'image');
      setResult({ kind: 'error', name: file.name, code: failure.code, message: failure.message });
    }
  }

  async function classify(file: File) {
    setFile(file);
    setPreview(file.type.startsWith('image/') && file.type !== 'image/svg+xml' ? URL.createObjectURL(file) : undefined);
    await run(file, 'Classifying', async () => {
      const predictions = await ai.image.classify(file, { topK: 5, ...(chosen ? { model: chosen as `custom:${string}` } : {}) });
      return { kind: 'done', name: file.name, predictions };
    });
  }

  async function detect(file: File) {
    await run(file, 'Detecting objects in', async () => ({ kind: 'detected', name: file.name, detections: await ai.image.detect(file) }));
  }

  return (
    <section aria-labelledby="image-title" className="page">
      <div className="page-head">
        <h2 id="image-title">Image classification</h2>
        <ServiceBadge live={live} />
      </div>
      <ModelSelect models={models} value={chosen} onChange={setModel} />
      <DropZone accept="image/*" label="Drop an image here, or choose one" onFile={classify} />
      {file && preview && result.kind !== 'working' && (
        <p className="row">
          <button type="button" onClick={() => void detect(file)}>
            Detect objects
          </button>
        </p>
      )}
      <div className="result" aria-live="polite" aria-busy={result.kind === 'working'}>
        {preview && result.kind === 'detected' && <BoxedPhoto src={preview} alt={`Your image: ${result.name}`} detections={result.detections} />}
        {preview && result.kind !== 'idle' && result.kind !== 'detected' && <img className="thumb" src={preview} alt={`Your image: ${result.name}`} />}
        {result.kind === 'working' && <p role="status">{result.task} {result.name}…</p>}
        {result.kind === 'done' && <Predictions items={result.predictions} />}
        {result.kind === 'error' && (
          <p role="alert" className="error" data-code={result.code}>
            <strong>{result.name}:</strong> {result.message}
          </p>
        )}
      </div>
      <LiveCamera ai={ai} />
      <CustomClasses ai={ai} models={models} onChange={refresh} />
      <BatchClassify ai={ai} model={chosen} />
    </section>
  );
}
