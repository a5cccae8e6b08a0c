import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Activate } from './activate';
import type { AppKeys } from './api-keys';
import type { AppUserService } from './app-user-service';
import { automationRoutes, type AutomationRoutesOptions } from './automation-routes';
import { resolvedCaller, type ResolveCaller } from './resolve-caller';
import { userRoutes } from './user-routes';

/**
 * Hono's `cors` for any origin. It sets its header on `c.res` before the route runs, and Hono then
 * copies the route's answer into a new one to keep that header: on Node, a body turned into a web
 * stream and read back on every runtime call. `c.header` before any answer exists only prepares the
 * header, which Hono puts on whichever answer comes next (the route's, or `onError`'s); preflights are
 * Hono's. No `await`: every runtime call passes here.
 */
function anyOrigin(): MiddlewareHandler {
  const preflight = cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'user-token'] });
  return (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    c.header('access-control-allow-origin', '*');
    return next();
  };
}

export interface RuntimeOptions {
  store: AutomationRoutesOptions['store'];
  known?: AutomationRoutesOptions['known'];
  keys: AppKeys;
  resolveCaller: ResolveCaller;
  activate: Activate;
  appUsers: AppUserService;
}

/**
 * The API real clients call, shaped like Backendless's so its JS SDK works unchanged. Mounted twice:
 * at `/api` (`Backendless.initApp('<base URL>')`) and at `/<appId>/<apiKey>`
 * (`Backendless.initApp({ serverURL, appId, apiKey })`).
 */
export function runtimeRoutes({ store, known, keys, resolveCaller, activate, appUsers }: RuntimeOptions) {
  // Apps call from their own origins, with no cookies: any origin may, sending a user-token header.
  // Only these paths, so that no cross-origin request ever reaches the console API.
  const crossOrigin = anyOrigin();
  return (
    new Hono()
      .use('/info', crossOrigin)
      .use('/users/*', crossOrigin)
      .use('/automation/*', crossOrigin)
      // The SDK asks for the app's info as soon as it is initialised.
      .get('/info', resolvedCaller(resolveCaller), (c) => c.json({ name: 'FlowRunner demo app' }))
      .route('/', userRoutes({ appUsers, keys, resolveCaller }))
      .route('/', automationRoutes({ store, ...(known ? { known } : {}), resolveCaller, activate }))
  );
}
