export function browserTable(results: unknown): string;
export function writeBrowserTable(results: unknown): void;
