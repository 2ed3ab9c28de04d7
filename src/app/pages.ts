/** The shell's pages, in menu order: the services' pages (from their descriptors), then the console's. */
import type { ComponentType } from 'react';
import { SERVICE_PAGES, type InPage } from '../client';
import { DashboardPage } from './pages/DashboardPage';
import { DataPage } from './pages/DataPage';
import { EmbedPage } from './pages/EmbedPage';
import { TracesPage } from './pages/TracesPage';
import { OfflinePage } from './pages/OfflinePage';
import { serviceViewName } from './service-view';

type Page = ComponentType<{ ai: InPage }>;

export interface PageEntry {
  /** The page's address: `#/<path>`. */
  path: string;
  title: string;
  Page: Page;
  /** Which menu lists it: a service's page (the default) or the operations console. */
  section?: 'services' | 'console';
}

/** The views under pages/, by file: a service's is found by its name (service-view.ts), so none is listed here. */
const VIEWS = import.meta.glob<Record<string, Page | undefined>>('./pages/*Page.tsx', { eager: true });

/** What the shell draws for a service's page; the path and title come from the service's descriptor. */
function serviceView(service: string): Page | undefined {
  const name = serviceViewName(service);
  return VIEWS[`./pages/${name}.tsx`]?.[name];
}

export const PAGES: PageEntry[] = [
  ...SERVICE_PAGES.flatMap(({ service, path, title }) => {
    const Page = serviceView(service);
    return Page ? [{ path, title, Page }] : [];
  }),
  { path: 'dashboard', title: 'Dashboard', Page: DashboardPage, section: 'console' },
  { path: 'traces', title: 'Traces', Page: TracesPage, section: 'console' },
  { path: 'data', title: 'Data', Page: DataPage, section: 'console' },
  { path: 'offline', title: 'Offline', Page: OfflinePage, section: 'console' },
  { path: 'embed', title: 'Embed', Page: EmbedPage },
];
