/** The shell's pages, in menu order: the services' pages (from their descriptors), then the console's. */
import type { ComponentType } from 'react';
import { SERVICE_PAGES, type InPage, type ServiceName } from '../client';
import { DashboardPage } from './pages/DashboardPage';
import { DataPage } from './pages/DataPage';
import { EmbedPage } from './pages/EmbedPage';
import { ImagePage } from './pages/ImagePage';
import { TextPage } from './pages/TextPage';
import { SpeechPage } from './pages/SpeechPage';
import { TabularPage } from './pages/TabularPage';
import { TracesPage } from './pages/TracesPage';
import { OfflinePage } from './pages/OfflinePage';

type Page = ComponentType<{ ai: InPage }>;

export interface PageEntry {
  /** The page's address: `#/<path>`. */
  path: string;
  title: string;
  Page: Page;
  /** Which menu lists it: a service's page (the default) or the operations console. */
  section?: 'services' | 'console';
}

/** What the shell draws for each service's page; the path and title come from the service's descriptor. */
const SERVICE_PAGE_VIEWS: Partial<Record<ServiceName, Page>> = { image: ImagePage, text: TextPage, speech: SpeechPage, tabular: TabularPage };

export const PAGES: PageEntry[] = [
  ...SERVICE_PAGES.flatMap(({ service, path, title }) => {
    const Page = SERVICE_PAGE_VIEWS[service];
    return Page ? [{ path, title, Page }] : [];
  }),
  { path: 'dashboard', title: 'Dashboard', Page: DashboardPage, section: 'console' },
  { path: 'traces', title: 'Traces', Page: TracesPage, section: 'console' },
  { path: 'data', title: 'Data', Page: DataPage, section: 'console' },
  { path: 'offline', title: 'Offline', Page: OfflinePage, section: 'console' },
  { path: 'embed', title: 'Embed', Page: EmbedPage },
];
