/**
 * When the service worker may start its precache: once a service has answered and none has anything
 * queued, in flight, starting or loading. The precache holds every service's code, so started earlier it
 * would compete with the first answer for the network.
 */
import type { ServiceStatus } from '../bus';
import type { InPage } from '../client/connect';

/** How long the services stay quiet before the precache starts. */
const QUIET_MS = 1_000;

const busy = (status: ServiceStatus) =>
  status.queue > 0 || status.inFlight > 0 || status.state === 'starting' || status.state === 'loading';

export function afterFirstAnswer(ai: Pick<InPage, 'on'>): Promise<void> {
  return new Promise((resolve) => {
    const working = new Set<string>();
    let answered = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Status also comes with every heartbeat: a quiet spell is timed from when it began, not restarted.
    const settle = () => {
      if (working.size > 0) timer = void clearTimeout(timer);
      else if (answered && !timer) timer = setTimeout(finish, QUIET_MS);
    };
    const offStatus = ai.on('status', (status) => {
      if (busy(status)) working.add(status.name);
      else working.delete(status.name);
      settle();
    });
    const offTrace = ai.on('trace', () => {
      answered = true;
      settle();
    });
    function finish() {
      offStatus();
      offTrace();
      resolve();
    }
  });
}
