/** The installed app's launcher shortcuts: one for each service page the shell can draw, never one that lands on "not found". */
import { describe, expect, it } from 'vitest';
import { serviceViewName } from '../../src/app/service-view';
import { SERVICE_PAGES } from '../../src/client/registry';
import { DESCRIPTORS } from '../../src/client/services';
import { hasServiceView, launcherShortcuts } from '../../src/pwa/shortcuts';
import { echoService } from '../fixtures/echo-service/service';

describe('launcher shortcuts', () => {
  it("finds a service's view by its name, and every product service page has one", () => {
    expect(serviceViewName('image')).toBe('ImagePage');
    expect(serviceViewName('speech-commands')).toBe('SpeechCommandsPage');
    for (const { service } of SERVICE_PAGES) expect(hasServiceView(service), service).toBe(true);
    expect(hasServiceView('echo')).toBe(false);
  });

  it('offers each service page of the product, then Offline', () => {
    expect(launcherShortcuts(DESCRIPTORS).map(({ path }) => path)).toEqual(['image', 'text', 'speech', 'tabular', 'offline']);
  });

  it('offers none for a service that asks for a page the shell has no view for', () => {
    const withPage = { ...echoService, page: { path: 'echo', title: 'Echo', shortcut: 'Say something back' } };
    expect(launcherShortcuts([...DESCRIPTORS, withPage]).map(({ path }) => path)).not.toContain('echo');
    // With a view, the same descriptor gets its shortcut.
    expect(launcherShortcuts([withPage], () => true).map(({ path }) => path)).toEqual(['echo', 'offline']);
  });
});
