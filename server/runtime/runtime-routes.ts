import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { PasswordHasher } from '../auth/password-hasher';
import type { Store } from '../store/store';
import { createActivator } from './activate';
import type { AppKeys } from './api-keys';
import { automationRoutes } from './automation-routes';
import { createCallerResolver } from './resolve-caller';
import { userRoutes } from './user-routes';

export interface RuntimeOptions {
  store: Store;
  hasher: PasswordHasher;
  keys: AppKeys;
  now: () => Date;
  newId: () => string;
  /** How long an app user's `user-token` lasts from login. */
  userSessionTtlMs: number;
}

/**
 * The API real clients call, shaped like Backendless's so its JS SDK works unchanged. Mounted twice:
 * at `/api` (`Backendless.initApp('<base URL>')`) and at `/<appId>/<apiKey>`
 * (`Backendless.initApp({ serverURL, appId, apiKey })`).
 */
export function runtimeRoutes({ store, hasher, keys, now, newId, userSessionTtlMs }: RuntimeOptions) {
  const resolveCaller = createCallerResolver(store, keys, now);
  const activate = createActivator({ store, now, newId });
  // Apps call from their own origins, with no cookies: any origin may, sending a user-token header.
  // Only these paths, so that no cross-origin request ever reaches the console API.
  const crossOrigin = cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'user-token'] });
  return (
    new Hono()
      .use('/info', crossOrigin)
      .use('/users/*', crossOrigin)
      .use('/automation/*', crossOrigin)
      // The SDK asks for the app's info as soon as it is initialised.
      .get('/info', async (c) => {
        await resolveCaller(c.req.raw);
        return c.json({ name: 'FlowRunner demo app' });
      })
      .route('/', userRoutes({ store, hasher, keys, resolveCaller, now, newId, userSessionTtlMs }))
      .route('/', automationRoutes({ store, resolveCaller, activate }))
  );
}
