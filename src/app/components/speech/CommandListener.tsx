/** Record button, its threshold, live level, the last command large, and the recent ones. */
import { useEffect, useRef, useState } from 'react';
import { InPageError, type InPage, type SpeechCommand, type WordScore } from '../../../client';
import { LevelMeter } from './LevelMeter';

const RECENT = 8;
/** listen()'s own default; the page remembers a user's choice across visits. */
const DEFAULT_THRESHOLD = 0.75;
const THRESHOLD_KEY = 'inpage.speech.threshold';

function storedThreshold(): number {
  try {
    const value = Number(localStorage.getItem(THRESHOLD_KEY) ?? DEFAULT_THRESHOLD);
    return Number.isFinite(value) && value >= 0 && value <= 1 ? value : DEFAULT_THRESHOLD;
  } catch {
    return DEFAULT_THRESHOLD; // storage blocked (private mode, sandboxed frame)
  }
}

export function CommandListener({ ai }: { ai: InPage }) {
  const [listening, setListening] = useState(false);
  const [level, setLevel] = useState(0);
  const [commands, setCommands] = useState<SpeechCommand[]>([]);
  const [error, setError] = useState<InPageError>();
  const [threshold, setThreshold] = useState(storedThreshold);
  /** The surest word it heard but did not take since listening began: how far to lower the threshold. */
  const [passed, setPassed] = useState<WordScore>();
  const stop = useRef<(() => Promise<void>) | undefined>(undefined);

  useEffect(() => () => void stop.current?.(), []);

  function changeThreshold(value: number) {
    setThreshold(value);
    try {
      localStorage.setItem(THRESHOLD_KEY, String(value));
    } catch {
      // not remembered, still used for this visit
    }
  }

  async function toggle() {
    if (stop.current) {
      await stop.current();
      stop.current = undefined;
      setListening(false);
      setLevel(0);
      return;
    }
    setError(undefined);
    setPassed(undefined);
    try {
      stop.current = await ai.speech.listen({
        threshold,
        onCommand: (command) => setCommands((previous) => [command, ...previous].slice(0, RECENT)),
        onHeard: (top) => {
          if (top.score < threshold && !top.label.startsWith('_')) setPassed((best) => (best && best.score >= top.score ? best : top));
        },
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
        <label className="field">
          Threshold{' '}
          <input
            type="range"
            min={0.3}
            max={1}
            step={0.05}
            value={threshold}
            disabled={listening}
            aria-describedby="threshold-help"
            onChange={(event) => changeThreshold(Number(event.target.value))}
          />{' '}
          <output className="value">{threshold.toFixed(2)}</output>
        </label>
        <LevelMeter level={level} />
      </div>
      <p id="threshold-help" className="muted">
        A word counts when the model is at least this sure of it: higher ignores more noise, lower hears quieter or less clear speech.
        {listening && ' Stop listening to change it.'}
      </p>
      <p className="command" aria-live="assertive" data-testid="command">
        {last ? last.label : listening ? 'Say a command…' : '—'}
      </p>
      {passed && (
        <p className="muted" data-testid="below-threshold">
          Not taken: “{passed.label}” at {(passed.score * 100).toFixed(0)}%, the surest word below the threshold.
        </p>
      )}
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
