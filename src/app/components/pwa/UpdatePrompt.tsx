import { useState } from 'react';
import { pwa, usePwa } from './usePwa';

/** A new version is installed and waiting: offer to switch now. Stored data is untouched by an update. */
export function UpdatePrompt() {
  const { updateWaiting } = usePwa();
  const [later, setLater] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!updateWaiting || later) return null;
  return (
    <div className="update-prompt" role="alertdialog" aria-labelledby="update-title" aria-describedby="update-text">
      <strong id="update-title">A new version of InPage is ready.</strong>
      <span id="update-text"> Reload to use it; your stored models and data stay.</span>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void pwa.update();
        }}
      >
        {busy ? 'Updating…' : 'Reload and update'}
      </button>
      <button type="button" className="secondary" onClick={() => setLater(true)}>
        Later
      </button>
    </div>
  );
}
