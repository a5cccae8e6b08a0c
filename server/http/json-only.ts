import type { Context, MiddlewareHandler } from 'hono';
import { ErrorCode, HttpError } from './errors';

/**
 * A positive Content-Length means a body without asking for `request.body`, which on Node turns the
 * adapter's lightweight request into a full one (a web stream over the socket) on every write.
 */
const hasBody = (c: Context) =>
  c.req.method !== 'GET' &&
  c.req.method !== 'HEAD' &&
  (Number(c.req.header('content-length') ?? 0) > 0 || c.req.raw.body !== null);

const mediaTypeOf = (header: string | undefined) => header?.split(';')[0]?.trim().toLowerCase() || undefined;

/**
 * Console requests with a body must say it is JSON, or get 415. A web page can make its visitors'
 * browsers post a form or `text/plain` anywhere without asking (no CORS preflight), but never
 * `application/json`. Without any Content-Type a body is still read as JSON on routes that need a
 * bearer token (sending one forces a preflight anyway), but not on `unguarded` paths such as sign-in,
 * where a typeless Blob would again be a request no preflight guards.
 */
export const jsonOnly =
  (unguarded: (path: string) => boolean): MiddlewareHandler =>
  async (c, next) => {
    if (!hasBody(c)) return next();
    const mediaType = mediaTypeOf(c.req.header('content-type'));
    if (mediaType === 'application/json' || (mediaType === undefined && !unguarded(c.req.path))) return next();
    throw new HttpError(415, ErrorCode.unsupportedMediaType, 'The console API takes JSON: send Content-Type: application/json');
  };
