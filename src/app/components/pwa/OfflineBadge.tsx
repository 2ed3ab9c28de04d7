import { usePwa } from './usePwa';

/** Online or offline, in the header; offline, it says that only what this device stores will work. */
export function OfflineBadge() {
  const { online, shellCached } = usePwa();
  const title = online
    ? shellCached
      ? 'Online. The app is stored on this device and also opens without a network.'
      : 'Online.'
    : 'Offline: services work with the models this device has stored.';
  return (
    <span className={`net-badge ${online ? 'online' : 'offline'}`} role="status" data-online={online} title={title}>
      <span className="dot" aria-hidden="true" />
      {online ? 'Online' : 'Offline'}
    </span>
  );
}
