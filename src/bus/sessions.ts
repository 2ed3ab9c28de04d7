/**
 * The sessions a replica holds (live captions, a listen session), as the bus sees them from the calls that
 * open, feed and close them: a retiring replica keeps working until none is left. A session its page
 * stopped feeding without closing it lapses, so a page that went away cannot keep a replica forever.
 */
import type { MethodSpec } from '../core/protocol';

/** A session not fed for this long belongs to a page that has gone away. */
export const SESSION_LAPSE_MS = 30_000;

export class HeldSessions {
  /** Session id → when a call last used it. */
  private readonly lastUsed = new Map<string, number>();

  constructor(private readonly replicaId: string) {}

  /** A call of the session was handed to this replica (or one closing it was answered). */
  noteCall(spec: MethodSpec | undefined, payload: unknown, now = Date.now()): void {
    const session = sessionOf(payload);
    if (!spec?.sticky || !session || !this.owns(session)) return;
    if (spec.session === 'closes') this.lastUsed.delete(session);
    else this.lastUsed.set(session, now);
  }

  /** A call answered: one marked `opens` names the session this replica now holds. */
  noteAnswer(spec: MethodSpec | undefined, value: unknown, now = Date.now()): void {
    const session = sessionOf(value);
    if (spec?.session === 'opens' && session && this.owns(session)) this.lastUsed.set(session, now);
  }

  /** Whether a session is still live here: opened, not closed, and used within the lapse. */
  any(now = Date.now()): boolean {
    for (const [session, at] of this.lastUsed) {
      if (now - at < SESSION_LAPSE_MS) return true;
      this.lastUsed.delete(session);
    }
    return false;
  }

  private owns(session: string): boolean {
    return session.startsWith(`${this.replicaId}/`);
  }
}

function sessionOf(value: unknown): string | undefined {
  const session = typeof value === 'object' && value !== null ? (value as { session?: unknown }).session : undefined;
  return typeof session === 'string' ? session : undefined;
}
