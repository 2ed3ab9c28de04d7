/**
 * The shell pages a launcher offers as shortcuts (a long-press on the installed icon): each service page that
 * the shell can draw, then the Offline page. A descriptor may ask for a page before its view exists; a shortcut
 * to it would open "not found", so it gets none.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceDescriptor } from '../core/descriptor';
import { serviceViewName } from '../app/service-view';

export interface Shortcut {
  name: string;
  description: string;
  path: string;
}

/** Whether src/app/pages holds the view of a service's page. */
export function hasServiceView(service: string): boolean {
  return existsSync(fileURLToPath(new URL(`../app/pages/${serviceViewName(service)}.tsx`, import.meta.url)));
}

export function launcherShortcuts(descriptors: readonly ServiceDescriptor[], hasView = hasServiceView): Shortcut[] {
  return [
    ...descriptors.flatMap(({ contract, page }) => (page?.shortcut && hasView(contract.name) ? [{ name: page.title, description: page.shortcut, path: page.path }] : [])),
    { name: 'Offline', description: 'Make the services available offline', path: 'offline' },
  ];
}
