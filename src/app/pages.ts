/** The shell's pages, in menu order: one line per page. */
import type { ComponentType } from 'react';
import type { InPage } from '../client';
import { ImagePage } from './pages/ImagePage';
import { SpeechPage } from './pages/SpeechPage';

export interface PageEntry {
  /** The page's address: `#/<path>`. */
  path: string;
  title: string;
  Page: ComponentType<{ ai: InPage }>;
}

export const PAGES: PageEntry[] = [
  { path: 'image', title: 'Images', Page: ImagePage },
  { path: 'speech', title: 'Speech', Page: SpeechPage },
];
