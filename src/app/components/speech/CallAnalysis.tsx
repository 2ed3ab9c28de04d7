/**
 * "Analyse a call": a recording becomes a transcript (chunked, with progress and cancel). The speech
 * service publishes it as `speech.transcribed`; a service subscribed to that topic (the text service's
 * sentiment) answers on `text.sentiment`, shown here. The page only listens: the services never meet.
 */
import { useEffect, useRef, useState } from 'react';
import { InPageError, type InPage, type Transcript, type TranscriptSentiment } from '../../../client';
import { DropZone } from '../DropZone';

export function CallAnalysis({ ai }: { ai: InPage }) {
  const [transcript, setTranscript] = useState<Transcript>();
  const [sentiment, setSentiment] = useState<TranscriptSentiment>();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState<InPageError>();
  const running = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    const offTranscript = ai.subscribe('speech.transcribed', setTranscript);
    const offSentiment = ai.subscribe('text.sentiment', setSentiment);
    return () => {
      offTranscript();
      offSentiment();
      running.current?.abort();
    };
  }, [ai]);

  async function transcribe(file: File) {
    running.current?.abort();
    const controller = (running.current = new AbortController());
    setTranscript(undefined);
    setSentiment(undefined);
    setError(undefined);
    setProgress({ done: 0, total: 1 });
    try {
      await ai.speech.transcribe(file, {
        signal: controller.signal,
        onProgress: (p) => p.phase === 'transcribe' && setProgress({ done: p.loaded ?? 0, total: p.total ?? 1 }),
      });
    } catch (failure) {
      setError(InPageError.from(failure, 'speech'));
    } finally {
      if (running.current === controller) running.current = undefined;
      setProgress(undefined);
    }
  }

  return (
    <div className="call-analysis">
      <DropZone accept="audio/*,.wav" label="Drop a call recording (up to 10 minutes) to transcribe it" onFile={(file) => void transcribe(file)} />
      {progress && (
        <div className="row">
          <progress max={progress.total} value={progress.done} aria-label="Transcription progress" />
          <span>
            chunk {progress.done} of {progress.total}
          </span>
          <button type="button" onClick={() => running.current?.abort()}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error" data-code={error.code}>
          {error.message}
        </p>
      )}
      {transcript && (
        <figure className="transcript">
          <blockquote data-testid="transcript">{transcript.text || '(no speech found)'}</blockquote>
          <figcaption>
            {transcript.seconds.toFixed(1)} s transcribed by {transcript.model}
            {sentiment && 'error' in sentiment ? (
              <span data-testid="sentiment-error"> · no sentiment: {sentiment.error.message}</span>
            ) : sentiment ? (
              <>
                {' '}
                · sentiment: <strong data-testid="sentiment">{sentiment.label}</strong> ({(sentiment.score * 100).toFixed(0)}%)
              </>
            ) : (
              ' · no sentiment yet (the text service scores it when it runs)'
            )}
          </figcaption>
          <ol className="chunks">
            {transcript.chunks.map((c) => (
              <li key={c.timestamp[0]}>
                <span className="value">
                  {c.timestamp[0].toFixed(1)}–{c.timestamp[1].toFixed(1)} s
                </span>{' '}
                {c.text}
              </li>
            ))}
          </ol>
        </figure>
      )}
    </div>
  );
}
