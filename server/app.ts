import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppKeysBody } from '../contract/manage';
import { accessRoutes } from './access-routes';
import { appPermissionRoutes } from './app-permission-routes';
import type { ConsoleAuth } from './auth/console-auth';
import { createPbkdf2Hasher, type PasswordHasher } from './auth/password-hasher';
import { consoleRoutes } from './console-routes';
import { ErrorCode, HttpError } from './errors';
import { randomId } from './ids';
import { manageRoutes } from './manage-routes';
import type { AppKeys } from './runtime/api-keys';
import { runtimeRoutes } from './runtime/runtime-routes';
import type { Store } from './store/types';

export interface AppOptions {
  store: Store;
  /** PBKDF2 through WebCrypto unless the host injects another. */
  hasher?: PasswordHasher;
  /**
   * The application id and per-channel API keys of `/<appId>/<apiKey>/…`. Required: the demo and the
   * tests pass the public `DEMO_APP_KEYS`; the real server, its own secret ones.
   */
  keys: AppKeys;
  now?: () => Date;
  newId?: () => string;
  /** Who may use the console API. Required: the demo passes `demoConsoleAuth()`, which lets everyone in. */
  consoleAuth: ConsoleAuth;
  /** How long an app user's `user-token` lasts from login; 30 days unless given. */
  userSessionTtlMs?: number;
}

export const DEFAULT_USER_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Larger request bodies get 413: nothing in either API comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one backend: the real server, the demo's service worker and the tests all run this app.
 * It must stay free of Node-only imports, because the demo runs it in the browser.
 */
export function createApp({
  store,
  hasher = createPbkdf2Hasher(),
  keys,
  now = () => new Date(),
  newId = randomId,
  consoleAuth,
  userSessionTtlMs = DEFAULT_USER_SESSION_TTL_MS,
}: AppOptions) {
  const app = new Hono();
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // The rest of the body is never read, so the connection cannot carry another request.
      onError: (c) =>
        c.json({ code: ErrorCode.bodyTooLarge, message: 'The request body is larger than 1 MB' }, 413, { connection: 'close' }),
    }),
  );
  app.use('/api/console/*', consoleAuth.guard);
  app.route('/api/console/auth', consoleAuth.routes);
  // Behind the guard: administrators look up the keys their apps need.
  app.get('/api/console/app-keys', (c) => c.json({ appId: keys.appId, apiKeys: { ...keys.apiKeys } } satisfies AppKeysBody));
  app.route('/api/console', consoleRoutes(store));
  app.route('/api/console', manageRoutes(store, newId));
  app.route('/api/console', appPermissionRoutes(store));
  app.route('/api/console', accessRoutes(store));
  const runtime = runtimeRoutes({ store, hasher, keys, now, newId, userSessionTtlMs });
  app.route('/api', runtime);
  // `/api/<anything>/…` is never an app id: leave what the routes above did not answer to notFound.
  app.use('/:appId/:apiKey/*', async (c, next) => {
    if (c.req.param('appId') === 'api') throw new HttpError(404, ErrorCode.notFound, notFoundMessage(c.req.method, c.req.path));
    await next();
  });
  app.route('/:appId/:apiKey', runtime);
  app.notFound((c) => c.json({ code: ErrorCode.notFound, message: notFoundMessage(c.req.method, c.req.path) }, 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ code: error.code, message: error.message }, error.status, error.headers);
    console.error(error);
    return c.json({ code: ErrorCode.internal, message: 'Something went wrong on the server' }, 500);
  });
  return app;
}

const notFoundMessage = (method: string, path: string) => `No such endpoint: ${method} ${path}`;

export type App = ReturnType<typeof createApp>;
