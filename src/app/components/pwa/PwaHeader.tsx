import { InstallButton } from './InstallButton';
import { OfflineBadge } from './OfflineBadge';
import { UpdatePrompt } from './UpdatePrompt';

/** What the shell's header shows about the installed app: connectivity, install, a waiting update. */
export function PwaHeader() {
  return (
    <div className="pwa-header">
      <OfflineBadge />
      <InstallButton />
      <UpdatePrompt />
    </div>
  );
}
