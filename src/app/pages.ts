/** The shell's pages, in menu order: one line per page. */
import type { ComponentType } from 'react';
import type { InPage } from '../client';
import { EmbedPage } from './pages/EmbedPage';
import { ImagePage } from './pages/ImagePage';
import { TextPage } from './pages/TextPage';
import { TabularPage } from './pages/TabularPage';

export interface PageEntry {
  /** The page's address: `#/<path>`. */
  path: string;
  title: string;
  Page: ComponentType<{ ai: InPage }>;
}

export const PAGES: PageEntry[] = [
  { path: 'image', title: 'Images', Page: ImagePage },
  { path: 'text', title: 'Text', Page: TextPage },
  { path: 'tabular', title: 'Tables', Page: TabularPage },
  { path: 'embed', title: 'Embed', Page: EmbedPage },
];
