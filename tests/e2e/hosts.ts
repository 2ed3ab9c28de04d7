/**
 * Host pages on other origins: real HTTP servers on the ports after the toolkit's (INPAGE_TEST_PORT + n),
 * so the browser treats them as different origins, as it would another company's site.
 */
import { createServer, type Server } from 'node:http';

export const TOOLKIT_PORT = Number(process.env.INPAGE_TEST_PORT ?? 4317);
export const TOOLKIT = `http://127.0.0.1:${TOOLKIT_PORT}`;

export interface HostFile {
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface Host {
  origin: string;
  close(): Promise<void>;
}

/** Serves exactly `files` (path → content) on 127.0.0.1:TOOLKIT_PORT+offset; anything else is a 404. */
export async function startHost(offset: number, files: Record<string, HostFile>): Promise<Host> {
  const server: Server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store', ...file.headers }).end(file.body);
  });
  const port = TOOLKIT_PORT + offset;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const html = (body: string): HostFile => ({ type: 'text/html; charset=utf-8', body: `<!doctype html><meta charset="utf-8">${body}` });
