import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode, HttpError, notFound } from './errors';

/** Larger request bodies get 413: nothing in either API comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const limitBody = (): MiddlewareHandler =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The rest of the body is never read, so the connection cannot carry another request.
    onError: (c) =>
      c.json({ code: ErrorCode.bodyTooLarge, message: 'The request body is larger than 1 MB' }, 413, { connection: 'close' }),
  });

const notFoundMessage = (c: Context) => `No such endpoint: ${c.req.method} ${c.req.path}`;

/** 404 `{ code: 4040 }` for a path no route answers. */
export const noSuchEndpoint = (c: Context) => notFound(ErrorCode.notFound, notFoundMessage(c));

export const answerNotFound: NotFoundHandler = (c) => c.json({ code: ErrorCode.notFound, message: notFoundMessage(c) }, 404);

/** An HttpError as `{ code, message }`; anything else is logged and answered as a bare 500. */
export const answerError: ErrorHandler = (error, c) => {
  if (error instanceof HttpError) return c.json({ code: error.code, message: error.message }, error.status, { ...error.headers });
  console.error(error);
  return c.json({ code: ErrorCode.internal, message: 'Something went wrong on the server' }, 500);
};
