/**
 * Listen sessions: while a page listens for commands, its replica counts as in live use, so no idle step
 * (timing another backend, seconds long) starts in a quiet moment and makes the next word wait behind it.
 */
import { InPageError } from '../../src/core/errors';
import { sessionId } from '../../src/core/protocol';
import type { Runtime } from '../../src/runtime/serving/serve';

/** A session with no window for this long belongs to a page that went away without stopping. */
const LAPSE_MS = 10 * 60_000;
/** Sessions one replica keeps: each holds a timer and the replica's idle work, so callers cannot open them without end. */
export const MAX_LISTEN_SESSIONS = 32;

export class Listening {
  private readonly sessions = new Map<string, { release: () => void; lapse: ReturnType<typeof setTimeout> }>();
  private next = 1;

  constructor(private readonly runtime: Runtime) {}

  start(): { session: string } {
    if (this.sessions.size >= MAX_LISTEN_SESSIONS) {
      throw new InPageError('BUSY', `This speech replica is already listening for ${MAX_LISTEN_SESSIONS} pages; stop a listen() first.`, 'speech');
    }
    const session = sessionId(this.runtime.init.replicaId, `listen-${this.next++}`);
    this.sessions.set(session, { release: this.runtime.holdIdle(), lapse: setTimeout(() => this.stop(session), LAPSE_MS) });
    return { session };
  }

  /**
   * A window of a session arrived: it is live. One that lapsed in a long silence, or that this replica
   * never saw (it replaced a crashed one under the same id), is taken up again, so listening never goes deaf.
   */
  touch(session: string): void {
    const live = this.sessions.get(session);
    // A session past the bound is not taken up: its windows are still answered, without the hold.
    if (!live && this.sessions.size >= MAX_LISTEN_SESSIONS) return;
    if (live) clearTimeout(live.lapse);
    this.sessions.set(session, { release: live?.release ?? this.runtime.holdIdle(), lapse: setTimeout(() => this.stop(session), LAPSE_MS) });
  }

  stop(session: string): void {
    const live = this.sessions.get(session);
    if (!live) return;
    clearTimeout(live.lapse);
    live.release();
    this.sessions.delete(session);
  }
}
