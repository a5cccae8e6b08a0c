import type { Context, MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** The caller's network address, for per-address limits; set by `withClientAddress`. */
    clientAddress: string;
  }
}

/**
 * Who is calling, as far as the network tells: the host knows (Node: the socket's remote address),
 * the app does not, so the host injects it. The browser demo has one caller and passes a constant.
 */
export type ClientAddress = (c: Context) => string;

export const withClientAddress =
  (clientAddress: ClientAddress): MiddlewareHandler =>
  (c, next) => {
    c.set('clientAddress', clientAddress(c));
    return next();
  };
