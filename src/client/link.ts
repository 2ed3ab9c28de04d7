/**
 * What the SDK needs of a bus. The Bus on this page is one; a RemoteBus, which reaches the bus in a hub
 * iframe on another origin over one MessagePort, is the other. connect() builds the same SDK on either.
 */
import type { Bus, InPageError } from '../bus';

export type BusLike = Pick<
  Bus,
  | 'request'
  | 'start'
  | 'scale'
  | 'kill'
  | 'restart'
  | 'setBackend'
  | 'services'
  | 'status'
  | 'metricsHistory'
  | 'recentTraces'
  | 'publish'
  | 'subscribe'
  | 'close'
> & {
  readonly events: Pick<Bus['events'], 'on'>;
  /** A bus elsewhere (a hub frame) that can be lost settles this then; a bus on this page has none. */
  readonly whenLost?: Promise<InPageError>;
};
