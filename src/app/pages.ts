/** The shell's pages, in menu order: one line per page. */
import type { ComponentType } from 'react';
import type { InPage } from '../client';
import { DashboardPage } from './pages/DashboardPage';
import { DataPage } from './pages/DataPage';
import { EmbedPage } from './pages/EmbedPage';
import { ImagePage } from './pages/ImagePage';
import { TextPage } from './pages/TextPage';
import { SpeechPage } from './pages/SpeechPage';
import { TabularPage } from './pages/TabularPage';
import { TracesPage } from './pages/TracesPage';
import { OfflinePage } from './pages/OfflinePage';

export interface PageEntry {
  /** The page's address: `#/<path>`. */
  path: string;
  title: string;
  Page: ComponentType<{ ai: InPage }>;
  /** Which menu lists it: a service's page (the default) or the operations console. */
  section?: 'services' | 'console';
}

export const PAGES: PageEntry[] = [
  { path: 'image', title: 'Images', Page: ImagePage },
  { path: 'text', title: 'Text', Page: TextPage },
  { path: 'speech', title: 'Speech', Page: SpeechPage },
  { path: 'tabular', title: 'Tables', Page: TabularPage },
  { path: 'dashboard', title: 'Dashboard', Page: DashboardPage, section: 'console' },
  { path: 'traces', title: 'Traces', Page: TracesPage, section: 'console' },
  { path: 'data', title: 'Data', Page: DataPage, section: 'console' },
  { path: 'offline', title: 'Offline', Page: OfflinePage, section: 'console' },
  { path: 'embed', title: 'Embed', Page: EmbedPage },
];
