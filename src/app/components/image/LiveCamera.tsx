/** The webcam classified continuously, with what it sees and how fast, on screen. */
import { useCallback, useState } from 'react';
import type { InPage } from '../../../client';
import { Predictions } from '../Predictions';
import { useCamera } from './useCamera';
import { useLiveClassify } from './useLiveClassify';

export function LiveCamera({ ai }: { ai: InPage }) {
  const { stream, error, open, close } = useCamera();
  // A state (not a ref) so the frame loop starts once the video element exists.
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const stats = useLiveClassify(ai, video, Boolean(stream));

  const attach = useCallback(
    (element: HTMLVideoElement | null) => {
      if (element && stream) element.srcObject = stream;
      setVideo(element);
    },
    [stream],
  );

  const numbers: [key: string, label: string, value: string][] = [
    ['fps', 'Frames per second', stats.fps.toFixed(1)],
    ['latency', 'Latency', `${Math.round(stats.latencyMs)} ms`],
    ['frames', 'Frames seen', String(stats.frames)],
    ['classified', 'Classified', String(stats.classified)],
    ['dropped', 'Dropped', String(stats.dropped)],
    ['failed', 'Failed', String(stats.failed)],
    ['in-flight', 'Most in flight', String(stats.mostInFlight)],
  ];

  return (
    <section className="panel" aria-labelledby="live-title">
      <h3 id="live-title">Live camera</h3>
      <p className="muted">
        Classifies the camera continuously. A frame that comes while the previous one is being classified is dropped, never queued.
      </p>
      {!stream ? (
        <span className="row">
          <button type="button" onClick={() => void open()}>
            Start the live camera
          </button>
          {error && <span role="alert" className="error">{error}</span>}
        </span>
      ) : (
        <>
          <div className="camera">
            <video ref={attach} autoPlay playsInline muted aria-label="Live camera preview" />
          </div>
          <span className="row">
            <button type="button" onClick={close}>
              Stop
            </button>
          </span>
          <dl className="numbers" aria-label="Live camera speed">
            {numbers.map(([key, label, value]) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd data-live={key}>{value}</dd>
              </div>
            ))}
          </dl>
          {stats.error && <p role="alert" className="error">{stats.error}</p>}
          <div aria-label="Live camera labels" role="group">
            <Predictions items={stats.predictions} />
          </div>
        </>
      )}
    </section>
  );
}
