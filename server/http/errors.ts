import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { StoreConflictError } from '../store/types';

/**
 * The API's documented error codes (README lists them). The 3xxx codes are Backendless's own, so the
 * Backendless SDK and apps written for it recognise them; the others are ours.
 */
export const ErrorCode = {
  invalidRequest: 1000,
  malformedJson: 1001,
  /** Backendless: wrong login or password (401). */
  invalidLogin: 3003,
  /** Backendless: login or password is empty (400). */
  emptyLoginOrPassword: 3006,
  /** Backendless: registration without a password (400). */
  passwordRequired: 3011,
  /** Backendless: a user with this identity (email) already exists (409). */
  userAlreadyExists: 3033,
  /** Backendless: the email is not an email address (400). */
  invalidEmail: 3040,
  /** Backendless: too many failed logins for this account; here 429 with Retry-After. */
  tooManyLoginAttempts: 3036,
  /** Backendless: the user-token is unknown or expired (401); the SDK forgets its user on it. */
  invalidUserToken: 3064,
  /** The flow is not LIVE, so it cannot be activated (400); only callers who are allowed learn this. */
  flowNotLive: 4001,
  /** A Call Flow names a session user who does not exist (400). */
  unknownSessionUser: 4002,
  /** The application id or API key in `/<appId>/<apiKey>/…` is not this app's (401). */
  unknownApiKey: 4011,
  /** The caller may not activate this flow (403). */
  activationDenied: 4031,
  /** Only server code (the ServerCode API key) may use Call Flow (403). */
  serverCodeOnly: 4032,
  notFound: 4040,
  flowNotFound: 4041,
  userNotFound: 4042,
  roleNotFound: 4043,
  /** Console API: no audit entry has the id (404). */
  auditEntryNotFound: 4046,
  flowNameTaken: 4090,
  flowIsLive: 4091,
  /** The value changed since the version the write sent in If-Match (412). */
  versionConflict: 4120,
  /** The Idempotency-Key was already used for a write of another value (422). */
  idempotencyKeyReused: 4220,
  /** A batch write: some rows changed since the versions it named (412, with `conflicts`: those rows now); nothing applied. */
  batchConflict: 4121,
  /** Permissions as code: the app's permissions changed since the plan's revision, or since the document's export (412). */
  revisionMoved: 4122,
  /** A batch write has more changes than one batch may hold (413); the message says the limit. */
  batchTooLarge: 4131,
  /** A batch write names flows, users or roles that do not exist (422, with `unknown`: all of them); nothing applied. */
  unknownTargets: 4221,
  /** No change set has this id (404), or it is too old to be undone. */
  changeSetNotFound: 4044,
  /** The flow has no saved access test with this id (404). */
  accessTestNotFound: 4045,
  /** The flow already has as many saved access tests as it may keep (409); the message says the limit. */
  accessTestsFull: 4094,
  /** A custom role (or a system role) already has the name (409). */
  roleNameTaken: 4092,
  /** Console API: this kind of change has no Undo (a sign-in, a deleted flow…) (409). */
  cannotUndo: 4093,
  /** Console API: no session token, or one that is unknown, expired or signed out (401). */
  signInRequired: 4012,
  /** Console API: wrong email or password (401). */
  wrongCredentials: 4013,
  /** Console API: the token is an app user's; the console is for administrators (403). */
  notAnAdministrator: 4033,
  /** Console API: an API token may not do this: a read-only token's write, or managing tokens or sessions (403). */
  tokenNotAllowed: 4035,
  /** Console API: a write signed in by the session cookie without the console's `X-Requested-With` header (403). */
  crossSiteRequest: 4034,
  /** The request body is larger than the API accepts (413). */
  bodyTooLarge: 4130,
  /** Console API: a request body that is not JSON (415): a web page's form or text/plain post, refused. */
  unsupportedMediaType: 4150,
  /** Too many failed sign-ins for this email from this address; wait Retry-After and try again (429). */
  tooManySignInAttempts: 4290,
  /** Too many sign-ins, logins or registrations from this address, or registrations in all (429, Retry-After). */
  tooManyRequests: 4291,
  internal: 5000,
  /** Every password check is taken: try again after Retry-After (503). */
  busy: 5031,
  /** The database cannot be reached for now (503 with Retry-After); nothing was changed, or it is unknown whether. */
  databaseUnavailable: 5030,
} as const;

/** An error the API answers with as `{ code, message }`; anything else becomes a bare 500. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: number,
    message: string,
    /** Headers the answer carries, e.g. `retry-after` on a 503. */
    readonly headers?: Readonly<Record<string, string>>,
    /** Fields the answer carries besides code and message, e.g. a batch's conflicting rows. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export const notFound = (code: number, message: string) => new HttpError(404, code, message);

export const badRequest = (message: string, code: number = ErrorCode.invalidRequest) => new HttpError(400, code, message);

/**
 * The one way to answer a conflict: 412 when the value changed since the version the write named
 * (If-Match), else 409 (a taken name, a LIVE flow, an existing user).
 */
export const conflict = (code: number, message: string) =>
  new HttpError(code === ErrorCode.versionConflict ? 412 : 409, code, message);

/** For `.catch(…)` on a store call: the store's conflict becomes `conflict(code, …)`; other errors go on. */
export const onStoreConflict =
  (code: number) =>
  (error: unknown): never => {
    if (error instanceof StoreConflictError) throw conflict(code, error.message);
    throw error;
  };

/** 429 or 503 with `Retry-After: <seconds>` (at least 1). */
export const retryLater = (status: 429 | 503, code: number, message: string, seconds: number) =>
  new HttpError(status, code, message, { 'retry-after': String(Math.max(1, Math.ceil(seconds))) });
