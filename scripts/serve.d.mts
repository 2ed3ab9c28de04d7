import type { Server } from 'node:http';
export function startServer(options?: { port?: number; host?: string; dist?: string; mirror?: string[]; projectModels?: boolean }): Promise<Server>;
