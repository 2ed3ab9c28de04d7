export const root: string;
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function run(command: string, env?: Record<string, string>): void;
export function ensurePackages(): void;
export function ensureBrowsers(): void;
