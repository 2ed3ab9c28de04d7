export const README: string;
export function readBlock(readme: string, name: string): string | undefined;
export function writeBlock(name: string, body: string): void;
