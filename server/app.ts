import { Hono } from 'hono';
import { consoleRoutes } from './console-routes';
import { ErrorCode, HttpError } from './errors';
import type { Store } from './store/types';

export interface AppOptions {
  store: Store;
}

/**
 * The one backend: the real server, the demo's service worker and the tests all run this app.
 * It must stay free of Node-only imports, because the demo runs it in the browser.
 */
export function createApp({ store }: AppOptions) {
  const app = new Hono();
  app.route('/api/console', consoleRoutes(store));
  app.notFound((c) => c.json({ code: ErrorCode.notFound, message: `No such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ code: error.code, message: error.message }, error.status);
    console.error(error);
    return c.json({ code: ErrorCode.internal, message: 'Something went wrong on the server' }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
