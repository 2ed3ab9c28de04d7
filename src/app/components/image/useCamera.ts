/** Opens and closes the webcam; the tracks stop on close and when the component using it goes away. */
import { useEffect, useState } from 'react';

export function useCamera() {
  const [stream, setStream] = useState<MediaStream>();
  const [error, setError] = useState<string>();

  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream]);

  async function open() {
    setError(undefined);
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } }));
    } catch (failure) {
      setError(`The camera could not be opened: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  }

  return { stream, error, open, close: () => setStream(undefined) };
}
