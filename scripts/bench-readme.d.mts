export function performanceSection(results: unknown): string;
