/** A webcam preview with a capture button; each capture is handed over as a PNG blob. */
import { useEffect, useRef } from 'react';
import { useCamera } from './useCamera';

export function Camera({ onCapture }: { onCapture: (image: Blob) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const { stream, error, open, close } = useCamera();

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
  }, [stream]);

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
        <button type="button" onClick={close}>
          Close the camera
        </button>
      </span>
    </div>
  );
}
