/**
 * The page-side half of `ai.speech`: what a worker cannot do. Files are decoded and the microphone is
 * captured here; the samples then go to the speech service over the bus.
 */
import { COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS, MAX_TRANSCRIBE_SECONDS, TRANSCRIBE_SAMPLE_RATE, type SpeechService } from '../../../workers/speech/contract';
import { toSamples } from './decode';
import { caption } from './caption';
import { listen } from './listen';
import { recordClip } from './microphone';

export function speechClient(service: SpeechService): Partial<SpeechService> {
  return {
    recognize: async (audio, options) => service.recognize(await toSamples(audio, COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS), options),
    addExample: async (word, audio, options) => service.addExample(word, await toSamples(audio, COMMAND_SAMPLE_RATE, MAX_COMMAND_SECONDS), options),
    transcribe: async (audio, options) => service.transcribe(await toSamples(audio, TRANSCRIBE_SAMPLE_RATE, MAX_TRANSCRIBE_SECONDS), options),
    record: (options) => recordClip(options?.seconds ?? 1.5, options?.onLevel),
    listen: (options) => listen((audio) => service.recognize(audio, { topK: 3 }), options),
    caption: (options) => caption(service, options),
  };
}
