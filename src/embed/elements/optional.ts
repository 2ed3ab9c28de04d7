/**
 * Elements for services that a build may not register yet (text, speech): they describe the little of the
 * service's SDK they use, and fail with a clear INVALID_INPUT when the service is missing.
 */
import { InPageError, type CallOptions, type InPage } from '../../client';

export function serviceOf<Api>(ai: InPage, name: string): Api {
  const service = (ai as unknown as Record<string, Api | undefined>)[name];
  if (!service) throw new InPageError('INVALID_INPUT', `The ${name} service is not part of this InPage build.`, name);
  return service;
}

/** What <inpage-sentiment> uses of `ai.text`. */
export interface SentimentApi {
  sentiment(text: string, options?: CallOptions): Promise<{ label: string; score: number; truncated?: true }[]>;
}

/** What <inpage-voice-commands> uses of `ai.speech`. */
export interface VoiceApi {
  listen(options: {
    threshold?: number;
    onCommand?: (command: { label: string; score: number; at: number }) => void;
    onLevel?: (level: number) => void;
    onError?: (error: Error) => void;
  }): Promise<() => Promise<void>>;
}
