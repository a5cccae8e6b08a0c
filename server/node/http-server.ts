import { createAdaptorServer } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { secureHeaders } from '../http/secure-headers';

export interface HttpServer {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops taking connections and waits for the requests in flight. */
  close(): Promise<void>;
}

export interface HttpServerOptions {
  /** The backend app (fetch-style); `env` carries Node's request (`env.incoming`), for the caller's address. */
  fetch: (request: Request, env: unknown) => Response | Promise<Response>;
  /** The built console (`dist/`). */
  distDir: string;
  port: number;
  host: string;
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/** `.env`, `.git/…` and the like end up in `dist/` by accident, never on purpose: not served. */
const isDotfile = (path: string) => path.split('/').some((segment) => segment.startsWith('.') || /^%2e/i.test(segment));

/**
 * One Node HTTP server for the console's files and the API. A GET that names a file in `dist/` gets
 * it (hashed assets are cached for good; `index.html` never is); everything else goes to the app,
 * which answers unknown routes with a JSON 404.
 */
export async function startHttpServer({ fetch, distDir, port, host }: HttpServerOptions): Promise<HttpServer> {
  const files = serveStatic({ root: distDir });
  const web = new Hono()
    .use('*', secureHeaders())
    .use('*', async (c, next) => {
      if (isApi(c.req.path) || isDotfile(c.req.path) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
      if (c.req.path.startsWith('/assets/')) c.header('cache-control', 'public, max-age=31536000, immutable');
      if (c.req.path === '/' || c.req.path === '/index.html') c.header('cache-control', 'no-cache');
      return files(c, next);
    })
    .all('*', (c) => fetch(c.req.raw, c.env));
  const server = createAdaptorServer({ fetch: web.fetch, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections with no request in flight would hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  };
}
