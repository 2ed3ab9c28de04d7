/** One SDK connection per page, shared by every component that asks for it. */
import { useEffect, useState } from 'react';
import { connect, type ConnectOptions, type InPage } from '../connect';

let shared: Promise<InPage> | undefined;

/** The page's connection, once it is open. `options` apply to the first call only (there is one bus). */
export function useInPage(options?: ConnectOptions): InPage | undefined {
  const [ai, setAi] = useState<InPage>();
  useEffect(() => {
    let live = true;
    void (shared ??= connect(options)).then((connection) => live && setAi(connection));
    return () => {
      live = false;
    };
    // The connection is made once; later options cannot change it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return ai;
}
