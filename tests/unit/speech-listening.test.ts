import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../src/runtime/serving/serve';
import { Listening, MAX_LISTEN_SESSIONS } from '../../workers/speech/listening';

/** Only what Listening uses of a replica's runtime: its id and the idle hold, counted. */
function replica() {
  const holds = { open: 0 };
  const runtime = {
    init: { replicaId: 'speech-1' },
    holdIdle: () => {
      holds.open += 1;
      return () => void (holds.open -= 1);
    },
  } as unknown as Runtime;
  return { listening: new Listening(runtime), holds };
}

describe('listen sessions', () => {
  afterEach(() => void vi.useRealTimers());

  it('hold the replica from start to stop', () => {
    const { listening, holds } = replica();
    const { session } = listening.start();
    expect(session).toMatch(/^speech-1\//);
    expect(holds.open).toBe(1);
    listening.stop(session);
    listening.stop(session);
    expect(holds.open).toBe(0);
  });

  it('lapse after ten quiet minutes, and a window after that takes the session up again instead of failing', () => {
    vi.useFakeTimers();
    const { listening, holds } = replica();
    const { session } = listening.start();
    vi.advanceTimersByTime(10 * 60_000 + 1);
    expect(holds.open).toBe(0);
    listening.touch(session);
    expect(holds.open).toBe(1);
    listening.touch(session);
    expect(holds.open).toBe(1);
    listening.stop(session);
    expect(holds.open).toBe(0);
  });

  it('take up a session this replica never saw (it replaced a crashed one under the same id)', () => {
    const { listening, holds } = replica();
    listening.touch('speech-1/listen-7');
    expect(holds.open).toBe(1);
    listening.stop('speech-1/listen-7');
    expect(holds.open).toBe(0);
  });
});

describe('listen sessions, bounded and unguessable', () => {
  it('refuses a start past the bound with BUSY, and does not take up unknown sessions past it', () => {
    const { listening, holds } = replica();
    for (let i = 0; i < MAX_LISTEN_SESSIONS; i += 1) listening.start();
    expect(() => listening.start()).toThrow(expect.objectContaining({ code: 'BUSY' }));
    for (let i = 0; i < 100; i += 1) listening.touch(`speech-1/listen-forged-${i}`);
    expect(holds.open).toBe(MAX_LISTEN_SESSIONS);
  });

  it('gives ids that another page cannot work out from its own', () => {
    const { listening } = replica();
    const first = listening.start().session;
    const second = listening.start().session;
    expect(second.startsWith('speech-1/listen-2-')).toBe(true);
    expect(second).not.toBe('speech-1/listen-2');
    expect(second.slice('speech-1/listen-2-'.length)).not.toBe(first.slice('speech-1/listen-1-'.length));
    expect(second.slice('speech-1/listen-2-'.length)).toMatch(/^[0-9a-f]{24}$/);
  });
});
