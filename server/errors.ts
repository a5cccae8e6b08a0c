import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The API's documented error codes (README lists them). */
export const ErrorCode = {
  invalidRequest: 1000,
  malformedJson: 1001,
  notFound: 4040,
  flowNotFound: 4041,
  userNotFound: 4042,
  roleNotFound: 4043,
  flowNameTaken: 4090,
  flowIsLive: 4091,
  internal: 5000,
} as const;

/** An error the API answers with as `{ code, message }`; anything else becomes a bare 500. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (code: number, message: string) => new HttpError(404, code, message);
export const badRequest = (message: string, code: number = ErrorCode.invalidRequest) =>
  new HttpError(400, code, message);
