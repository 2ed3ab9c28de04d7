/**
 * Listen sessions: while a page listens for commands, its replica counts as in live use, so no idle step
 * (timing another backend, seconds long) starts in a quiet moment and makes the next word wait behind it.
 */
import { InPageError } from '../../src/bus/errors';
import { sessionId } from '../../src/bus/protocol';
import type { Runtime } from '../../src/runtime/serve';

/** A session with no window for this long belongs to a page that went away without stopping. */
const LAPSE_MS = 10 * 60_000;

export class Listening {
  private readonly sessions = new Map<string, { release: () => void; lapse: ReturnType<typeof setTimeout> }>();
  private next = 1;

  constructor(private readonly runtime: Runtime) {}

  start(): { session: string } {
    const session = sessionId(this.runtime.init.replicaId, `listen-${this.next++}`);
    this.sessions.set(session, { release: this.runtime.holdIdle(), lapse: setTimeout(() => this.stop(session), LAPSE_MS) });
    return { session };
  }

  /** A window of a session arrived: it is still live. */
  touch(session: string): void {
    const live = this.sessions.get(session);
    if (!live) throw new InPageError('INVALID_INPUT', `There is no listen session "${session}" here (it was stopped, or the service restarted): listen again.`, 'speech');
    clearTimeout(live.lapse);
    live.lapse = setTimeout(() => this.stop(session), LAPSE_MS);
  }

  stop(session: string): void {
    const live = this.sessions.get(session);
    if (!live) return;
    clearTimeout(live.lapse);
    live.release();
    this.sessions.delete(session);
  }
}
