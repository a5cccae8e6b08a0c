import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Activate } from './activate';
import type { AppKeys } from './api-keys';
import type { AppUserService } from './app-user-service';
import { automationRoutes, type AutomationRoutesOptions } from './automation-routes';
import { resolvedCaller, type ResolveCaller } from './resolve-caller';
import { userRoutes } from './user-routes';

export interface RuntimeOptions {
  store: AutomationRoutesOptions['store'];
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
export function runtimeRoutes({ store, keys, resolveCaller, activate, appUsers }: RuntimeOptions) {
  // Apps call from their own origins, with no cookies: any origin may, sending a user-token header.
  // Only these paths, so that no cross-origin request ever reaches the console API.
  const crossOrigin = cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'user-token'] });
  return (
    new Hono()
      .use('/info', crossOrigin)
      .use('/users/*', crossOrigin)
      .use('/automation/*', crossOrigin)
      // The SDK asks for the app's info as soon as it is initialised.
      .get('/info', resolvedCaller(resolveCaller), (c) => c.json({ name: 'FlowRunner demo app' }))
      .route('/', userRoutes({ appUsers, keys, resolveCaller }))
      .route('/', automationRoutes({ store, resolveCaller, activate }))
  );
}
