/** A service's limits when neither its contract nor the page sets them. */
import type { ServiceLimits } from '../core/protocol';

export const DEFAULT_LIMITS: ServiceLimits = {
  concurrency: 2,
  maxQueue: 64,
  timeoutMs: 60_000,
  startTimeoutMs: 180_000,
  heartbeatMs: 1_000,
  heartbeatTimeoutMs: 8_000,
};
