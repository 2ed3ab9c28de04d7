/**
 * Streaming voice commands: the microphone's last 1.5 s go to the speech service about four times a
 * second (transferred, not copied); a word fires when its score reaches the threshold, once per utterance.
 * A listen session keeps the replica that answers in live use, so no background work delays a word.
 */
import { InPageError } from '../../../src/core/errors';
import type { ContractApi } from '../../../src/core/descriptor';
import { BACKGROUND, UNKNOWN, type ListenOptions, type speechContract, type WordScore } from '../contract';
import { level, openMicrophone } from './microphone';

const WINDOW_SECONDS = 1.5;
const EVERY_MS = 250;
/** Below this peak the window is silence: nothing is sent, so a quiet room costs no inference. */
const QUIET_PEAK = 2e-3;
/**
 * A window whose first or last 50 ms is within 10 dB of its loudest sound cuts a word: the model aligns a
 * word by its onset, so a cut-off tail reads as another word ("right" ending as "eight" at 0.98 was seen).
 * Such a window is not sent; one 250 ms later holds the whole word.
 */
const EDGE_SECONDS = 0.05;
const CUT_RATIO = 10 ** (-10 / 20);

type ListenApi = Pick<ContractApi<typeof speechContract>, 'recognize' | 'listenStart' | 'listenStop'>;

export async function listen(service: ListenApi, options: ListenOptions = {}): Promise<() => Promise<void>> {
  const { threshold = 0.75, suppressMs = WINDOW_SECONDS * 1000, onCommand, onHeard, onLevel, onError } = options;
  let ring = new Float32Array(0);
  let filled = 0;
  let busy = false;
  let stopped = false;
  const lastFired = new Map<string, number>();

  let { session } = await service.listenStart();
  const mic = await openMicrophone(
    (block) => {
      ring.copyWithin(0, block.length);
      ring.set(block.subarray(Math.max(0, block.length - ring.length)), Math.max(0, ring.length - block.length));
      filled = Math.min(ring.length, filled + block.length);
      onLevel?.(level(block));
    },
    () => void fail(new InPageError('DEVICE_UNAVAILABLE', 'The microphone stopped (unplugged or taken by another application).', 'speech')),
  ).catch(async (error: unknown) => {
    await service.listenStop(session).catch(() => undefined);
    throw error;
  });
  ring = new Float32Array(Math.round(WINDOW_SECONDS * mic.sampleRate));

  const timer = setInterval(() => {
    if (busy || stopped || filled < ring.length * 0.7) return;
    const samples = ring.slice();
    const loudest = peak(samples);
    if (loudest < QUIET_PEAK || cutsWord(samples, loudest, mic.sampleRate)) return;
    busy = true;
    service
      .recognize({ samples, sampleRate: mic.sampleRate }, { topK: 3, session })
      .then((scores) => {
        const top = scores[0];
        if (stopped || !top) return;
        fire(top);
        onHeard?.(top);
      })
      .catch((error: unknown) => {
        const failure = InPageError.from(error, 'speech');
        // A full queue or a silent stretch only skips this window. The session's replica stopping (a crash,
        // a scale-down) is INVALID_INPUT too: listen on in a new session. Anything else ends listening.
        if (failure.code === 'INVALID_INPUT') return renew();
        if (failure.code !== 'BUSY') void fail(failure);
      })
      .finally(() => (busy = false));
  }, EVERY_MS);

  function fire(top: WordScore): void {
    if (top.label === BACKGROUND || top.label === UNKNOWN || top.score < threshold) return;
    const now = Date.now();
    if (now - (lastFired.get(top.label) ?? -Infinity) < suppressMs) return;
    lastFired.set(top.label, now);
    onCommand?.({ ...top, at: now });
  }

  async function renew(): Promise<void> {
    await service.listenStop(session).catch(() => undefined);
    if (stopped) return;
    try {
      ({ session } = await service.listenStart());
      if (stopped) await service.listenStop(session).catch(() => undefined);
    } catch (error) {
      await fail(InPageError.from(error, 'speech'));
    }
  }

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    await mic.stop();
    await service.listenStop(session).catch(() => undefined);
  }

  async function fail(error: InPageError): Promise<void> {
    if (stopped) return;
    await stop();
    onError?.(error);
  }

  return stop;
}

function cutsWord(x: Float32Array, loudest: number, sampleRate: number): boolean {
  const edge = Math.round(EDGE_SECONDS * sampleRate);
  return peak(x.subarray(0, edge)) >= loudest * CUT_RATIO || peak(x.subarray(x.length - edge)) >= loudest * CUT_RATIO;
}

function peak(x: Float32Array): number {
  let p = 0;
  for (const v of x) p = Math.max(p, Math.abs(v));
  return p;
}
