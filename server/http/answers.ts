import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, ErrorCode, HttpError, notFound } from './errors';

/** Larger request bodies get 413: nothing in either API comes close, but for the routes below. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A batch of 10,000 changes is about 1.2 MB of JSON (and so is its impact preview's question), and a
 * permissions document of as many values about as much: these routes take up to 4 MB, and no more.
 */
export const LARGE_BODY_BYTES = 4 * 1024 * 1024;
const LARGE_BODY_PATHS = new Set([
  '/api/console/permissions/batch',
  '/api/console/impact',
  '/api/console/permissions/document/plan',
  '/api/console/permissions/document/apply',
  '/api/console/permissions/tests/run',
]);

/** The largest body a path takes. */
export const bodyLimitOf = (path: string) => (LARGE_BODY_PATHS.has(path) ? LARGE_BODY_BYTES : MAX_BODY_BYTES);

export const bodyTooLargeMessage = (limit: number) => `The request body is larger than ${limit / (1024 * 1024)} MB`;

const bodyLimitWith = (maxSize: number) =>
  bodyLimit({
    maxSize,
    // The rest of the body is never read, so the connection cannot carry another request.
    onError: (c) => c.json({ code: ErrorCode.bodyTooLarge, message: bodyTooLargeMessage(maxSize) }, 413, { connection: 'close' }),
  });

/**
 * Hono's `bodyLimit`, but a body whose Content-Length is given is judged by that header alone, as
 * `bodyLimit` does too, without first asking for `request.body`: on Node that one question turns the
 * adapter's lightweight request into a full one with a web stream over the socket (about 0.1 ms of
 * every API call). GET and HEAD have no body. Bodies sent in chunks are counted as they are read.
 */
export const limitBody = (): MiddlewareHandler => {
  const normal = bodyLimitWith(MAX_BODY_BYTES);
  const large = bodyLimitWith(LARGE_BODY_BYTES);
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const limit = bodyLimitOf(c.req.path);
    const limited = limit === LARGE_BODY_BYTES ? large : normal;
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return limited(c, next);
    return Number.parseInt(length, 10) > limit ? limited(c, next) : next();
  };
};

/** What an answer may quote of the caller's input: enough to recognise it, never the whole of a hostile one. */
export const quoted = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max)}…` : text);

const notFoundMessage = (c: Context) => `No such endpoint: ${c.req.method} ${quoted(c.req.path)}`;

/**
 * A path that is not valid percent-encoding, or that decodes to a NUL character, is a 400 before any
 * route sees it: route parameters go into lookups and SQL, where PostgreSQL refuses a NUL with an error.
 */
export const refuseHostilePaths = (): MiddlewareHandler => (c, next) => {
  const { url } = c.req;
  // A URL is never given a raw NUL (the HTTP parser and the URL parser refuse or encode it): with no
  // `%` there is nothing to decode, and every API call is spared the slicing.
  if (!url.includes('%')) return next();
  const path = url.slice(url.indexOf('/', url.indexOf('//') + 2)).split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw badRequest('The path is not valid percent-encoding');
  }
  if (decoded.includes('\u0000')) throw badRequest('The path must not contain a NUL character');
  return next();
};

/** 404 `{ code: 4040 }` for a path no route answers. */
export const noSuchEndpoint = (c: Context) => notFound(ErrorCode.notFound, notFoundMessage(c));

export const answerNotFound: NotFoundHandler = (c) => c.json({ code: ErrorCode.notFound, message: notFoundMessage(c) }, 404);

/** One line per event, machine-readable; never a request's body, a parameter list or a stack. */
export type Log = (event: Record<string, string | number | boolean | null>) => void;

export const logToConsole: Log = (event) => console.error(JSON.stringify({ at: new Date().toISOString(), ...event }));

/**
 * An HttpError as `{ code, message }`; anything else is logged as one line (its kind, a database error's
 * SQLSTATE, and a short message — not the error object, whose driver fields can hold the statement's
 * parameters, such as a password hash) and answered as a bare 500.
 */
export const answerErrorWith =
  (log: Log): ErrorHandler =>
  (error, c) => {
    if (error instanceof HttpError) {
      return c.json({ ...error.details, code: error.code, message: error.message }, error.status, error.headers);
    }
    // The client went away mid-request (its body could not be read): nobody reads this answer, and the
    // Node layer counts such requests; one log line each would let slow clients flood the log.
    if (c.req.raw.signal.aborted) return c.body(null, 400);
    const sqlState = typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : null;
    log({
      level: 'error',
      event: 'request failed',
      method: c.req.method,
      path: quoted(c.req.path),
      error: error.name,
      sqlState,
      message: quoted(error.message, 200),
    });
    return c.json({ code: ErrorCode.internal, message: 'Something went wrong on the server' }, 500);
  };
