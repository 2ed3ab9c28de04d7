/** Live captions from the microphone: the finished lines, and the words of the one being spoken as they change. */
import { useEffect, useRef, useState } from 'react';
import { InPageError, type InPage } from '../../../client';
import { LevelMeter } from './LevelMeter';

const LINES = 20;

export function LiveCaptions({ ai }: { ai: InPage }) {
  const [running, setRunning] = useState(false);
  const [level, setLevel] = useState(0);
  const [partial, setPartial] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<InPageError>();
  const stop = useRef<(() => Promise<void>) | undefined>(undefined);

  useEffect(() => () => void stop.current?.(), []);

  async function toggle() {
    if (stop.current) {
      const stopping = stop.current;
      stop.current = undefined;
      await stopping();
      setRunning(false);
      setLevel(0);
      setPartial('');
      return;
    }
    setError(undefined);
    try {
      stop.current = await ai.speech.caption({
        onPartial: ({ text }) => setPartial(text),
        onFinal: ({ text }) => setLines((previous) => [...previous, text].slice(-LINES)),
        onLevel: setLevel,
        onError: (failure) => {
          stop.current = undefined;
          setRunning(false);
          setError(InPageError.from(failure, 'speech'));
        },
      });
      setRunning(true);
    } catch (failure) {
      setError(InPageError.from(failure, 'speech'));
    }
  }

  return (
    <div className="captions">
      <div className="listener-controls">
        <button type="button" className={running ? 'record on' : 'record'} aria-pressed={running} onClick={() => void toggle()}>
          {running ? 'Stop captions' : 'Start captions'}
        </button>
        <LevelMeter level={level} label="Captions input level" />
      </div>
      <div className="caption-lines" role="log" aria-label="Captions" aria-live="polite">
        {lines.map((line, i) => (
          <p key={i} className="caption-final">
            {line}
          </p>
        ))}
        <p className="caption-partial" data-testid="caption-partial">
          {partial || (running ? 'Listening…' : '')}
        </p>
      </div>
      {error && (
        <p role="alert" className="error" data-code={error.code}>
          {error.message}
        </p>
      )}
    </div>
  );
}
