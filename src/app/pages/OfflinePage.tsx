/** Offline use: the app's own cache, each service's models ("make available offline"), storage and updates. */
import { useEffect, useState } from 'react';
import type { InPage } from '../../client';
import { ByteProgress, megabytes } from '../components/pwa/ByteProgress';
import { ServiceOffline } from '../components/pwa/ServiceOffline';
import { pwa, usePwa } from '../components/pwa/usePwa';
import { pendingBytes, useServiceStorage } from '../components/pwa/useServiceStorage';

export function OfflinePage({ ai }: { ai: InPage }) {
  const app = usePwa();
  const [services, setServices] = useState<string[]>([]);
  const { state, prepare, forget } = useServiceStorage(ai, services);
  const [all, setAll] = useState<{ loaded: number; total: number }>();
  const [checking, setChecking] = useState(false);

  // A person on this page wants the app stored: no need to wait for a first answer.
  useEffect(() => pwa.storeApp(), []);
  useEffect(() => void ai.services().then((list) => setServices(list.map((s) => s.name))), [ai]);

  const origin = Object.values(state).find((s) => s.usage?.origin)?.usage?.origin;
  const allReady = services.length > 0 && services.every((name) => state[name]?.report?.ready);

  async function prepareAll() {
    // Asked at a click: Chromium grants persistence to sites a person engages with.
    void pwa.persist();
    // The services' code first: a service whose models are stored still needs its bundle and WASM offline.
    await pwa.cacheRuntime().catch((error: unknown) => console.warn('InPage: the services\' code could not be cached', error));
    const pending = services.filter((name) => !state[name]?.report?.ready);
    let total = pending.reduce((sum, name) => sum + pendingBytes(state[name]?.report), 0);
    let done = 0;
    setAll({ loaded: 0, total });
    for (const name of pending) {
      const expected = pendingBytes(state[name]?.report);
      let last = 0;
      await prepare(name, (loaded, serviceTotal) => {
        // A model of unknown size grows the total as its bytes arrive.
        if (serviceTotal > expected) total += serviceTotal - Math.max(expected, last);
        last = Math.max(last, serviceTotal);
        setAll({ loaded: done + loaded, total: Math.max(total, done + loaded) });
      });
      done += Math.max(last, expected);
    }
    setAll(undefined);
  }

  return (
    <section aria-labelledby="offline-title" className="page offline-page">
      <div className="page-head">
        <h2 id="offline-title">Offline</h2>
        <span className={`ready ${allReady ? 'yes' : 'no'}`} data-testid="all-ready">
          {allReady ? 'Every service is offline ready' : 'Some services need the network'}
        </span>
      </div>

      <p className="app-cache" data-shell-cached={app.shellCached}>
        {app.error ??
          (app.shellCached
            ? 'The app itself is stored on this device and opens without a network.'
            : 'Storing the app on this device for offline use…')}
      </p>

      <div className="offline-all">
        <button type="button" onClick={() => void prepareAll()} disabled={!!all || allReady || !app.online}>
          {all ? 'Downloading…' : 'Make every service available offline'}
        </button>
        {all && <ByteProgress loaded={all.loaded} total={all.total} label="All models download" />}
        {!app.online && !allReady && <span className="error"> Connect to the network to download models.</span>}
      </div>

      <div className="services-offline">
        {services.map((name) => (
          <ServiceOffline
            key={name}
            service={name}
            storage={state[name]}
            onPrepare={() => {
              void pwa.persist();
              void pwa.cacheRuntime().catch((error: unknown) => console.warn('InPage: the services\' code could not be cached', error));
              void prepare(name);
            }}
            onForget={(id) => void forget(name, id)}
          />
        ))}
      </div>

      <h3>Storage</h3>
      <p className="storage">
        {origin ? (
          <>
            This site uses {megabytes(origin.usage)} of {megabytes(origin.quota)} the browser allows.{' '}
            {origin.persisted || app.persisted
              ? 'Storage is persistent: the browser will not clear it to make room.'
              : 'Storage is not persistent yet: under pressure the browser may clear it (it is asked when you make a service available offline).'}
          </>
        ) : (
          'Measuring…'
        )}
      </p>

      <h3>Version</h3>
      <p className="version">
        Build <code data-testid="build">{app.build}</code>{' '}
        <button
          type="button"
          className="secondary"
          disabled={checking || !app.online}
          onClick={() => {
            setChecking(true);
            void pwa.checkForUpdate().finally(() => setChecking(false));
          }}
        >
          {checking ? 'Checking…' : 'Check for updates'}
        </button>
        {app.updateWaiting && ' A new version is ready: use the prompt at the top to switch.'}
      </p>
    </section>
  );
}
