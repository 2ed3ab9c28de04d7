/** Record button, live level, the last command large, and the recent ones. */
import { useEffect, useRef, useState } from 'react';
import { InPageError, type InPage, type SpeechCommand } from '../../../client';
import { LevelMeter } from './LevelMeter';

const RECENT = 8;

export function CommandListener({ ai }: { ai: InPage }) {
  const [listening, setListening] = useState(false);
  const [level, setLevel] = useState(0);
  const [commands, setCommands] = useState<SpeechCommand[]>([]);
  const [error, setError] = useState<InPageError>();
  const stop = useRef<(() => Promise<void>) | undefined>(undefined);

  useEffect(() => () => void stop.current?.(), []);

  async function toggle() {
    if (stop.current) {
      await stop.current();
      stop.current = undefined;
      setListening(false);
      setLevel(0);
      return;
    }
    setError(undefined);
    try {
      stop.current = await ai.speech.listen({
        onCommand: (command) => setCommands((previous) => [command, ...previous].slice(0, RECENT)),
        onLevel: setLevel,
        onError: (failure) => {
          stop.current = undefined;
          setListening(false);
          setError(InPageError.from(failure, 'speech'));
        },
      });
      setListening(true);
    } catch (failure) {
      setError(InPageError.from(failure, 'speech'));
    }
  }

  const last = commands[0];
  return (
    <div className="listener">
      <div className="listener-controls">
        <button type="button" className={listening ? 'record on' : 'record'} aria-pressed={listening} onClick={() => void toggle()}>
          {listening ? 'Stop listening' : 'Listen for commands'}
        </button>
        <LevelMeter level={level} />
      </div>
      <p className="command" aria-live="assertive" data-testid="command">
        {last ? last.label : listening ? 'Say a command…' : '—'}
      </p>
      {error && (
        <p role="alert" className="error" data-code={error.code}>
          {error.message}
        </p>
      )}
      {commands.length > 0 && (
        <ol className="recent" aria-label="Recent commands">
          {commands.map((c) => (
            <li key={c.at}>
              <span>{c.label}</span> <span className="value">{(c.score * 100).toFixed(0)}%</span>{' '}
              <time dateTime={new Date(c.at).toISOString()}>{new Date(c.at).toLocaleTimeString()}</time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
