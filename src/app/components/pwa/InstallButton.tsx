import { pwa, usePwa } from './usePwa';

/** Shown only where the browser offers installation (beforeinstallprompt). */
export function InstallButton() {
  const { canInstall } = usePwa();
  if (!canInstall) return null;
  return (
    <button type="button" className="install" onClick={() => void pwa.install()}>
      Install app
    </button>
  );
}
