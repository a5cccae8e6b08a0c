import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ErrorCode, HttpError } from '../http/errors';

/**
 * The console's session in the browser: an HttpOnly cookie, so no script on the page (an injected one
 * included) can read the token, sent by the browser to the console API alone. Scripts and API clients
 * keep `Authorization: Bearer <token>`.
 */

export const SESSION_COOKIE = 'flow_console_session';
const COOKIE_PATH = '/api/console';

/**
 * The console's request function sends it on every request. A cross-site page cannot add a header to
 * a request without a CORS preflight, which the console API refuses, so a write that carries it comes
 * from the console itself: it is the CSRF check for cookie-authenticated writes.
 */
export const CONSOLE_HEADER = { name: 'x-requested-with', value: 'flow-console' } as const;

/** Browsers refuse a Max-Age beyond 400 days. */
const MAX_AGE_LIMIT_S = 400 * 24 * 60 * 60;

export const isFromConsole = (c: Context) => c.req.header(CONSOLE_HEADER.name) === CONSOLE_HEADER.value;

/** Secure: browsers keep it over HTTPS, and over plain HTTP only on localhost / 127.0.0.1. */
export function setSessionCookie(c: Context, token: string, lifetimeMs: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: COOKIE_PATH,
    maxAge: Math.max(0, Math.min(MAX_AGE_LIMIT_S, Math.floor(lifetimeMs / 1000))),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'Strict', path: COOKIE_PATH });
}

export type Credential = { token: string; from: 'bearer' | 'cookie' };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The request's session token: the Authorization header when there is one (it names its caller outright), else the cookie. */
export function credentialOf(c: Context): Credential | undefined {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const token = authorization.match(BEARER)?.[1];
    return token ? { token, from: 'bearer' } : undefined;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, from: 'cookie' } : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 403 for a write the browser authenticated with the cookie that did not come from the console's own code. */
export function refuseCrossSite(c: Context, credential: Credential | undefined): void {
  if (credential?.from !== 'cookie' || SAFE_METHODS.has(c.req.method) || isFromConsole(c)) return;
  throw new HttpError(
    403,
    ErrorCode.crossSiteRequest,
    `A console write signed in by cookie must carry the header "X-Requested-With: ${CONSOLE_HEADER.value}"`,
  );
}
