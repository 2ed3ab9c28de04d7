/**
 * Classifies a playing video continuously. Each new frame becomes an ImageBitmap that is transferred (not
 * copied) to the image service; a frame that arrives while the previous call is in flight is dropped, never
 * queued, so the answers keep up with the camera instead of falling behind it.
 */
import { useEffect, useState } from 'react';
import { InPageError, type Classification, type InPage } from '../../../client';

export interface LiveStats {
  frames: number;
  classified: number;
  dropped: number;
  failed: number;
  mostInFlight: number;
  /** Answers per second over the last few answers. */
  fps: number;
  /** From grabbing the frame to the answer, last call. */
  latencyMs: number;
  predictions: Classification[];
  /** The last failure, kept on screen after later frames succeed. */
  error?: string;
}

const EMPTY: LiveStats = { frames: 0, classified: 0, dropped: 0, failed: 0, mostInFlight: 0, fps: 0, latencyMs: 0, predictions: [] };
const FPS_WINDOW = 10;

export function useLiveClassify(ai: InPage, video: HTMLVideoElement | null, running: boolean): LiveStats {
  const [stats, setStats] = useState(EMPTY);

  useEffect(() => {
    if (!running || !video) return;
    let stopped = false;
    let handle = 0;
    let inFlight = 0;
    const counts = { frames: 0, classified: 0, dropped: 0, failed: 0, mostInFlight: 0 };
    const answeredAt: number[] = [];
    const publish = (extra: Partial<LiveStats> = {}) => setStats((previous) => ({ ...previous, ...counts, ...extra }));

    // Frames go through a canvas: createImageBitmap(video) straight from the camera now and then failed
    // in Chromium ("could not be allocated"); transferToImageBitmap hands over the canvas's pixels without a copy.
    const canvas = new OffscreenCanvas(1, 1);
    const context = canvas.getContext('2d')!;
    function grab(frame: HTMLVideoElement): ImageBitmap {
      if (canvas.width !== frame.videoWidth) canvas.width = frame.videoWidth;
      if (canvas.height !== frame.videoHeight) canvas.height = frame.videoHeight;
      context.drawImage(frame, 0, 0);
      return canvas.transferToImageBitmap();
    }

    async function classify(frame: HTMLVideoElement) {
      inFlight += 1;
      counts.mostInFlight = Math.max(counts.mostInFlight, inFlight);
      const started = performance.now();
      let bitmap: ImageBitmap | undefined;
      try {
        bitmap = grab(frame);
        const predictions = await ai.image.classify(bitmap, { topK: 3 });
        const now = performance.now();
        answeredAt.push(now);
        if (answeredAt.length > FPS_WINDOW) answeredAt.shift();
        const span = now - answeredAt[0]!;
        counts.classified += 1;
        if (!stopped) publish({ predictions, latencyMs: now - started, fps: span > 0 ? ((answeredAt.length - 1) * 1000) / span : 0 });
      } catch (failure) {
        counts.failed += 1;
        if (!stopped) publish({ error: InPageError.from(failure, 'image').message });
      } finally {
        bitmap?.close(); // a no-op once transferred; frees it when the call failed before sending
        inFlight -= 1;
      }
    }

    const onFrame = () => {
      if (stopped) return;
      // Only once a frame is decoded: grabbing earlier fails ("the ImageBitmap could not be allocated").
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth) {
        counts.frames += 1;
        if (inFlight > 0) {
          counts.dropped += 1;
          publish();
        } else void classify(video);
      }
      handle = video.requestVideoFrameCallback(onFrame);
    };
    handle = video.requestVideoFrameCallback(onFrame);
    return () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
      setStats(EMPTY); // the next start counts from zero
    };
  }, [ai, video, running]);

  return stats;
}
