/** Which model a visit forces (`?model=`, `connect({ models })`) for one group of a service's models. */
import type { ReplicaInit } from '../bus/protocol';

/**
 * The forced id this group lists, if any. A service with several groups (speech's commands and
 * transcription) gets one forced id per group: each group takes its own and ignores the others'.
 */
export function forcedModel(init: Pick<ReplicaInit, 'model' | 'models'>, group: readonly { id: string }[]): string | undefined {
  const forced = init.models ?? (init.model ? [init.model] : []);
  return forced.find((id) => group.some((m) => m.id === id));
}
