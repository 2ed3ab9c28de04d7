/**
 * The page-side half of `ai.speech`: what a worker cannot do. Files are decoded and the microphone is
 * captured here; the samples then go to the speech service over the bus.
 */
import { COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS, MAX_TRANSCRIBE_SECONDS, speechContract, TRANSCRIBE_SAMPLE_RATE, type SpeechService } from '../../../workers/speech/contract';
import { toSamples } from './decode';
import { caption } from './caption';
import { listen } from './listen';
import { recordClip } from './microphone';

export function speechClient(service: SpeechService): Partial<SpeechService> {
  return {
    recognize: async (audio, options) => service.recognize(await toSamples(audio, COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS), options),
    addExample: async (word, audio, options) => service.addExample(word, await toSamples(audio, COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS), options),
    transcribe: async (audio, options) => {
      const samples = await toSamples(audio, TRANSCRIBE_SAMPLE_RATE, MAX_TRANSCRIBE_SECONDS);
      // A long call on a slow device may take longer than the service's usual limit: allow 3 s per second of audio.
      const seconds = samples.samples.length / samples.sampleRate;
      return service.transcribe(samples, { ...options, timeoutMs: options?.timeoutMs ?? Math.max(speechContract.limits.timeoutMs, seconds * 3000) });
    },
    record: (options) => recordClip(options?.seconds ?? 1.5, options?.onLevel),
    listen: (options) => listen(service, options),
    caption: (options) => caption(service, options),
  };
}
