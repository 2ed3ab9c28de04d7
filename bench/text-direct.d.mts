import type { Page } from '@playwright/test';
export function loadTextDirect(page: Page, options?: { task?: string; model?: string; dtype?: string }): Promise<{ version: string }>;
