import type { IncomingMessage, ServerResponse } from 'node:http';
export function modelDirs(root: string): string[];
export function findFile(dirs: string[], urlPath: string): string | undefined;
export function sendFile(res: ServerResponse, file: string, headers?: Record<string, string>): void;
export function notFound(res: ServerResponse, what: string): void;
export function modelMirror(root: string): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
export function crossOriginIsolationHeaders(): Record<string, string>;
