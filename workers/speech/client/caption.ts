/**
 * Live captions: the microphone's blocks stream to a caption session in the speech service, one request at
 * a time (what arrives meanwhile is sent together next), and each answer's words are shown as they change.
 */
import { InPageError } from '../../../src/core/errors';
import type { ContractApi } from '../../../src/core/descriptor';
import { TRANSCRIBE_SAMPLE_RATE, type CaptionOptions, type CaptionUpdate, type speechContract } from '../contract';
import { level, openMicrophone } from './microphone';

type CaptionApi = Pick<ContractApi<typeof speechContract>, 'captionStart' | 'captionFeed' | 'captionStop'>;

export async function caption(service: CaptionApi, options: CaptionOptions = {}): Promise<() => Promise<void>> {
  const { onPartial, onFinal, onLevel, onError } = options;
  const { session } = await service.captionStart();
  let waiting: Float32Array[] = [];
  let sending: Promise<void> | undefined;
  let shown = '';
  let stopped = false;

  const report = (update: CaptionUpdate) => {
    const at = performance.now();
    for (const text of update.finals) onFinal?.({ text, at });
    if (update.partial !== shown || update.finals.length) {
      shown = update.partial;
      onPartial?.({ text: shown, at });
    }
  };

  // A block is sent when no request is in flight; blocks that came meanwhile go with the next one.
  const send = (sampleRate: number) => {
    if (sending || stopped || !waiting.length) return;
    const samples = join(waiting);
    waiting = [];
    sending = service
      .captionFeed(session, { samples, sampleRate })
      .then((update) => {
        if (!stopped) report(update);
      })
      .catch((error: unknown) => void fail(InPageError.from(error, 'speech')))
      .finally(() => {
        sending = undefined;
        send(sampleRate);
      });
  };

  let mic: Awaited<ReturnType<typeof openMicrophone>> | undefined;
  try {
    mic = await openMicrophone(
      (block) => {
        waiting.push(block);
        onLevel?.(level(block));
        send(mic?.sampleRate ?? TRANSCRIBE_SAMPLE_RATE);
      },
      () => void fail(new InPageError('DEVICE_UNAVAILABLE', 'The microphone stopped (unplugged or taken by another application).', 'speech')),
      // 16 kHz is what the decoder reads (the browser's resampler beats a worker's linear one); 50 ms blocks.
      { sampleRate: TRANSCRIBE_SAMPLE_RATE, blockMs: 50 },
    );
  } catch (error) {
    await service.captionStop(session).catch(() => undefined);
    throw error;
  }

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    await mic?.stop();
    await sending;
    const last = await service.captionStop(session).catch(() => undefined);
    if (last) for (const text of last.finals) onFinal?.({ text, at: performance.now() });
  }

  async function fail(error: InPageError): Promise<void> {
    if (stopped) return;
    await stop();
    onError?.(error);
  }

  return stop;
}

function join(blocks: Float32Array[]): Float32Array {
  if (blocks.length === 1) return blocks[0]!;
  const out = new Float32Array(blocks.reduce((sum, b) => sum + b.length, 0));
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}
