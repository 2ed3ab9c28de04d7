/** "Any one of these models will do": the one place that tries a group of alternatives in order. */
import { InPageError } from '../../core/errors';
import type { ModelManifest } from '../models/manifest';

export interface FirstThatLoadsOptions {
  service: string;
  /** The model forced for this visit (`?model=`) where it belongs to this group: the only one tried. */
  forced?: string;
  /** The id this device loaded last time: tried first, so a reachable hub does not replace it unasked. */
  remembered?: string;
  /** Whether a failure moves on to the next model (default: any); one that does not is thrown at once. */
  movesOn?: (failure: InPageError) => boolean;
}

/**
 * The first model for which `attempt` succeeds. When none does, the error names every attempt: a single
 * failure as it was, several with the code they share (TOO_LARGE where the rest were only unavailable:
 * the file over its limit is the thing to fix), else INTERNAL.
 */
export async function firstThatLoads<T>(models: readonly ModelManifest[], attempt: (manifest: ModelManifest) => Promise<T>, options: FirstThatLoadsOptions): Promise<T> {
  const { service, forced, remembered, movesOn = () => true } = options;
  const order = forced ? models.filter((m) => m.id === forced) : [...models].sort((a, b) => Number(b.id === remembered) - Number(a.id === remembered));
  if (!order.length) throw new InPageError('INVALID_INPUT', `The ${service} service has no model "${forced}".`, service);

  const failures: InPageError[] = [];
  for (const manifest of order) {
    try {
      return await attempt(manifest);
    } catch (error) {
      const failure = InPageError.from(error, service);
      if (!movesOn(failure)) throw failure;
      failures.push(failure);
    }
  }
  if (failures.length === 1) throw failures[0]!;
  const codes = new Set(failures.map((f) => f.code));
  codes.delete('MODEL_UNAVAILABLE');
  const code = codes.size === 0 ? 'MODEL_UNAVAILABLE' : codes.size === 1 && codes.has('TOO_LARGE') ? 'TOO_LARGE' : 'INTERNAL';
  throw new InPageError(code, failures.map((f) => f.message).join(' '), service);
}
