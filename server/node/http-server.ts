import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyLimitOf, bodyTooLargeMessage } from '../http/answers';
import { ErrorCode } from '../http/errors';
import { SECURE_HEADERS } from '../http/secure-headers';
import { countAbortedRequests } from './aborted-requests';

export interface HttpServer {
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly port: number;
  /**
   * Stops taking connections, lets the requests in flight finish for up to `graceMs`, then closes
   * the connections left (a slow client cannot hold the process).
   */
  close(graceMs: number): Promise<void>;
}

export interface HttpServerOptions {
  /** The backend app (fetch-style); `env` carries Node's request (`env.incoming`), for the caller's address. */
  fetch: (request: Request, env: unknown) => Response | Promise<Response>;
  /** The built console (`dist/`). */
  distDir: string;
  port: number;
  host: string;
  /** Called with every request as it arrives (REQUEST_TIMING's timing). */
  watch?: (request: IncomingMessage, response: ServerResponse) => void;
}

/** Beyond this, an over-size body is not read to its end: the connection is cut instead. */
const DISCARD_LIMIT = 32 * 1024 * 1024;
const limitOf = (request: IncomingMessage) => bodyLimitOf((request.url ?? '/').split('?', 1)[0] ?? '/');
const overLimit = (request: IncomingMessage) => Number(request.headers['content-length'] ?? 0) > limitOf(request);

/** The app's own 413 (server/http/answers.ts), given here because the body never reaches the app. */
function refuseBody(request: IncomingMessage, response: ServerResponse, close: boolean): void {
  const body = JSON.stringify({ code: ErrorCode.bodyTooLarge, message: bodyTooLargeMessage(limitOf(request)) });
  response.writeHead(413, {
    ...SECURE_HEADERS,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(body);
}

const SECURE_HEADER_ENTRIES = Object.entries(SECURE_HEADERS);

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/** `.env`, `.git/…` and the like end up in `dist/` by accident, never on purpose: not served. */
const isDotfile = (path: string) => path.split('/').some((segment) => segment.startsWith('.') || /^%2e/i.test(segment));

/**
 * One Node HTTP server for the console's files and the API. A GET that names a file in `dist/` gets
 * it (hashed assets are cached for good; `index.html` never is); everything else goes to the app,
 * which answers unknown routes with a JSON 404.
 */
export async function startHttpServer({ fetch, distDir, port, host, watch }: HttpServerOptions): Promise<HttpServer> {
  const files = serveStatic({ root: distDir });
  const web = new Hono()
    .use('*', async (c, next) => {
      if (isApi(c.req.path) || isDotfile(c.req.path) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
      if (c.req.path.startsWith('/assets/')) c.header('cache-control', 'public, max-age=31536000, immutable');
      if (c.req.path === '/' || c.req.path === '/index.html') c.header('cache-control', 'no-cache');
      return files(c, next);
    })
    .all('*', (c) => fetch(c.req.raw, c.env));
  const toFiles = getRequestListener(web.fetch, { hostname: host });
  // API calls (the runtime's on every activation) go to the app without a pass through the files' app.
  const toApp = getRequestListener(fetch, { hostname: host });
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    // The browser defences on every answer, page, asset, API or error alike: Node merges them into the
    // headers of whichever answer is written.
    for (const [name, value] of SECURE_HEADER_ENTRIES) response.setHeader(name, value);
    return isApi((request.url ?? '/').split('?', 1)[0] ?? '/') ? toApp(request, response) : toFiles(request, response);
  };
  const aborted = countAbortedRequests();
  const server = createServer((request, response) => {
    watch?.(request, response);
    aborted.watch(response);
    if (!overLimit(request)) return void listener(request, response);
    // Answering and closing while the client still sends would make the kernel reset the connection,
    // and the client could lose the 413. So the body is read to its end first (discarded; past
    // DISCARD_LIMIT bytes the connection is cut instead), and the connection stays usable.
    let discarded = 0;
    request.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_LIMIT) request.socket.destroy();
    });
    request.once('end', () => refuseBody(request, response, false));
  });
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    watch?.(request, response);
    aborted.watch(response);
    if (!overLimit(request)) {
      response.writeContinue();
      return void listener(request, response);
    }
    // The client asked first: it is told no before it sends, and the unsent body ends the connection.
    refuseBody(request, response, true);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    close: (graceMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close((error) => {
          clearTimeout(timer);
          // The last responses' 'close' events come after the server's: count them, then report.
          setImmediate(() => {
            aborted.stop();
            if (error) reject(error);
            else resolve();
          });
        });
        // Keep-alive connections with no request in flight would hold close() open.
        server.closeIdleConnections();
      }),
  };
}
