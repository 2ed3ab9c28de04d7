/** One SDK connection per page, shared by every component that asks for it. */
import { useEffect, useState } from 'react';
import { connect, type ConnectOptions, type InPage } from '../connect';

let shared: Promise<InPage> | undefined;

/** The page's one connection, opened by the first caller (with its options). */
export function sharedConnection(options?: ConnectOptions): Promise<InPage> {
  return (shared ??= connect(options));
}

/** The page's connection, once it is open. `options` apply to the first call only (there is one bus). */
export function useInPage(options?: ConnectOptions): InPage | undefined {
  const [ai, setAi] = useState<InPage>();
  /** Counts lost or failed connections: each one opens the next. */
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    const opening = sharedConnection(options);
    // A rejected or lost connection is not kept, so the page recovers without a reload.
    const drop = () => {
      if (shared === opening) shared = undefined;
      if (live) setAi(undefined);
    };
    opening.then(
      (connection) => {
        if (live) setAi(connection);
        void connection.whenLost.then(() => {
          drop();
          if (live) setAttempt((n) => n + 1);
        });
      },
      drop,
    );
    return () => {
      live = false;
    };
    // The connection is made once per attempt; later options cannot change it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);
  return ai;
}
