import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, ErrorCode, HttpError, notFound } from './errors';

/** Larger request bodies get 413: nothing in either API comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const limitBody = (): MiddlewareHandler =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The rest of the body is never read, so the connection cannot carry another request.
    onError: (c) =>
      c.json({ code: ErrorCode.bodyTooLarge, message: 'The request body is larger than 1 MB' }, 413, { connection: 'close' }),
  });

/** What an answer may quote of the caller's input: enough to recognise it, never the whole of a hostile one. */
export const quoted = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max)}…` : text);

const notFoundMessage = (c: Context) => `No such endpoint: ${c.req.method} ${quoted(c.req.path)}`;

/**
 * A path that is not valid percent-encoding, or that decodes to a NUL character, is a 400 before any
 * route sees it: route parameters go into lookups and SQL, where PostgreSQL refuses a NUL with an error.
 */
export const refuseHostilePaths = (): MiddlewareHandler => async (c, next) => {
  const path = c.req.url.slice(c.req.url.indexOf('/', c.req.url.indexOf('//') + 2)).split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw badRequest('The path is not valid percent-encoding');
  }
  if (decoded.includes('\u0000')) throw badRequest('The path must not contain a NUL character');
  await next();
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
    if (error instanceof HttpError) return c.json({ code: error.code, message: error.message }, error.status, error.headers);
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
