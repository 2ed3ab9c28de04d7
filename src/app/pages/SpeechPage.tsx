/** Voice commands from the microphone or a file, and words of your own. */
import { useCallback, useEffect, useState } from 'react';
import { InPageError, type InPage, type SpeechVocabulary } from '../../client';
import { DropZone } from '../components/DropZone';
import { Predictions } from '../components/Predictions';
import { ServiceBadge } from '../components/ServiceBadge';
import { CallAnalysis } from '../components/speech/CallAnalysis';
import { CommandListener } from '../components/speech/CommandListener';
import { CustomWords } from '../components/speech/CustomWords';
import { TypedWords } from '../components/speech/TypedWords';
import { LiveCaptions } from '../components/speech/LiveCaptions';
import { useServiceStatus } from '../../client/react';

type FileResult =
  | { kind: 'idle' }
  | { kind: 'working'; name: string }
  | { kind: 'done'; name: string; scores: { label: string; probability: number }[] }
  | { kind: 'error'; name: string; code: string; message: string };

export function SpeechPage({ ai }: { ai: InPage }) {
  const live = useServiceStatus(ai, 'speech');
  const [result, setResult] = useState<FileResult>({ kind: 'idle' });
  const [vocabulary, setVocabulary] = useState<SpeechVocabulary>();
  const onVocabulary = useCallback((v: SpeechVocabulary) => setVocabulary(v), []);

  useEffect(() => ai.start('speech'), [ai]);

  async function recognize(file: File) {
    setResult({ kind: 'working', name: file.name });
    try {
      const scores = await ai.speech.recognize(file, { topK: 5 });
      setResult({ kind: 'done', name: file.name, scores: scores.map((s) => ({ label: s.label, probability: s.score })) });
    } catch (error) {
      const failure = InPageError.from(error, 'speech');
      setResult({ kind: 'error', name: file.name, code: failure.code, message: failure.message });
    }
  }

  async function switchTo(model: 'base' | 'custom') {
    setVocabulary(await ai.speech.useModel(model));
  }

  return (
    <section aria-labelledby="speech-title" className="page">
      <div className="page-head">
        <h2 id="speech-title">Voice commands</h2>
        <ServiceBadge live={live} />
      </div>
      {vocabulary && (
        <fieldset className="vocabulary">
          <legend>Words it knows ({vocabulary.model === 'custom' ? 'your custom words' : vocabulary.name})</legend>
          <p data-testid="vocabulary">{vocabulary.words.filter((w) => !w.startsWith('_')).join(', ')}</p>
          <label>
            <input type="radio" name="speech-model" checked={vocabulary.model === 'base'} onChange={() => void switchTo('base')} /> 18 standard words
          </label>
          <label>
            <input type="radio" name="speech-model" checked={vocabulary.model === 'custom'} disabled={!vocabulary.customAvailable} onChange={() => void switchTo('custom')} /> My
            custom words
          </label>
        </fieldset>
      )}
      <h3>Add a command by typing it</h3>
      <TypedWords ai={ai} vocabulary={vocabulary} onVocabulary={onVocabulary} />
      <CommandListener ai={ai} />
      <h3>Recognise a recording</h3>
      <DropZone accept="audio/*,.wav" label="Drop an audio file here (WAV, MP3, OGG…), or choose one" onFile={recognize} />
      <div className="result" aria-live="polite" aria-busy={result.kind === 'working'}>
        {result.kind === 'working' && <p role="status">Listening to {result.name}…</p>}
        {result.kind === 'done' && <Predictions items={result.scores} />}
        {result.kind === 'error' && (
          <p role="alert" className="error" data-code={result.code}>
            <strong>{result.name}:</strong> {result.message}
          </p>
        )}
      </div>
      <h3>Live captions</h3>
      <LiveCaptions ai={ai} />
      <h3>Analyse a call</h3>
      <CallAnalysis ai={ai} />
      <h3>Teach it your own words</h3>
      <CustomWords ai={ai} onVocabulary={onVocabulary} />
    </section>
  );
}
