/** A webcam preview with a capture button; each capture is handed over as a PNG blob. */
import { useEffect, useRef, useState } from 'react';

export function Camera({ onCapture }: { onCapture: (image: Blob) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream>();
  const [error, setError] = useState<string>();

  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream]);
  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
  }, [stream]);

  async function open() {
    setError(undefined);
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } }));
    } catch (failure) {
      setError(`The camera could not be opened: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  }

  async function capture() {
    const frame = video.current;
    if (!frame?.videoWidth) return;
    const canvas = new OffscreenCanvas(frame.videoWidth, frame.videoHeight);
    canvas.getContext('2d')!.drawImage(frame, 0, 0);
    onCapture(await canvas.convertToBlob({ type: 'image/png' }));
  }

  if (!stream) {
    return (
      <span className="row">
        <button type="button" onClick={() => void open()}>
          Use the camera
        </button>
        {error && <span role="alert" className="error">{error}</span>}
      </span>
    );
  }
  return (
    <div className="camera">
      <video ref={video} autoPlay playsInline muted aria-label="Camera preview" />
      <span className="row">
        <button type="button" onClick={() => void capture()}>
          Capture example
        </button>
        <button type="button" onClick={() => setStream(undefined)}>
          Close the camera
        </button>
      </span>
    </div>
  );
}
