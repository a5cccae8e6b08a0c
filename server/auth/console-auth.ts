import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { signInSchema, type ConsoleSession } from '../../contract/auth';
import { ErrorCode, HttpError, retryLater } from '../http/errors';
import { jsonBody } from '../http/validate';
import { systemClock, type Clock } from '../platform/clock';
import { randomId, type NewId } from '../platform/ids';
import type { AppUserStore } from '../runtime/app-user-store';
import { DEMO_ADMIN } from './console-admin';
import type { LoginAttemptStore } from './login-attempt-store';
import { createAttemptLimits, type AttemptLimits } from './attempt-limits';
import { knownClients } from './known-client';
import { createLoginLimit, isRefused, type LoginLimitOptions } from './login-limit';
import { createCredentialCheck, type PasswordHasher } from './password-hasher';
import {
  clearSessionCookie,
  credentialOf,
  isFromConsole,
  refuseCrossSite,
  setSessionCookie,
  type Credential,
} from './session-cookie';
import { emailKeyOf, type AdminAccount, type AdminCredentials, type AuthStore } from './types';
import type { AuditFields } from '../audit/auditor';
import { apiTokenRoutes, checkApiToken, isApiToken } from './api-tokens';
import { createMemoryAuthStore } from './memory-auth-store';
import { hashToken, newToken } from './tokens';

export { hashToken, newToken };

declare module 'hono' {
  interface ContextVariableMap {
    /** The administrator making a console request; the guard sets it (see `actorOf` in console-admin.ts). */
    consoleAdmin: AdminAccount;
  }
}

/** How the console API knows its caller: an administrator, or an error answer. */
export interface ConsoleAuth {
  /** Mounted at `/api/console/auth`. */
  readonly routes: Hono;
  /** Runs before every other console route. */
  readonly guard: MiddlewareHandler;
  /** Mounted at `/api/console/api-tokens`: the Manage page's API tokens, each made and revoked one recorded. */
  readonly tokenRoutes: (record: (fields: AuditFields) => Promise<void>) => Hono;
}

export interface ConsoleAuthOptions {
  authStore: AuthStore;
  /** To tell an app user's token (403) from no session at all (401). */
  store: Pick<AppUserStore, 'getSession'> & LoginAttemptStore;
  hasher: PasswordHasher;
  now: Clock;
  newId: NewId;
  /** How long a session lasts from sign-in. */
  sessionTtlMs?: number;
  /** Failed sign-ins before further attempts wait (README: "Sign-in limits"). */
  failureLimit?: Omit<LoginLimitOptions, 'store' | 'now' | 'newId'>;
  /** Sign-ins per address; made with the defaults unless given. */
  attempts?: AttemptLimits;
}

/** The one console route that needs no session. */
export const SIGN_IN_PATH = '/api/console/auth/sign-in';

const signInRequired = (message: string) =>
  new Response(JSON.stringify({ code: ErrorCode.signInRequired, message }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
  });

/**
 * Sign-in with an administrator's email and password, then the session cookie (the console in a
 * browser, see session-cookie.ts) or `Authorization: Bearer <token>` (scripts) on every console request. Sessions, accounts and failed attempts live in the database, so any number of
 * server instances can answer any request.
 */
export function createConsoleAuth({
  authStore,
  store,
  hasher,
  now,
  newId,
  sessionTtlMs = 12 * 60 * 60 * 1000,
  failureLimit = {},
  attempts = createAttemptLimits({ now }),
}: ConsoleAuthOptions): ConsoleAuth {
  const limit = createLoginLimit({ store, now, newId, ...failureLimit });
  const checkPassword = createCredentialCheck(hasher, newId);

  const sessionOf = async (credential: Credential | undefined) =>
    credential ? authStore.findAdminSession(await hashToken(credential.token), now()) : undefined;

  // Sign-in needs no session; sign-out ends whatever session it names, even one that already ended.
  const OPEN = new Set([SIGN_IN_PATH, '/api/console/auth/sign-out']);

  const guard: MiddlewareHandler = async (c, next) => {
    if (c.req.method === 'POST' && OPEN.has(c.req.path)) return next();
    const credential = credentialOf(c);
    // One bearer path, two kinds of token: an API token says so by its prefix.
    if (credential?.from === 'bearer' && isApiToken(credential.token)) {
      const admitted = checkApiToken(c, await authStore.findApiToken(await hashToken(credential.token), now()));
      if (admitted instanceof Response) return admitted;
      c.set('consoleAdmin', admitted);
      return next();
    }
    const session = await sessionOf(credential);
    if (session) {
      refuseCrossSite(c, credential);
      c.set('consoleAdmin', session.admin);
      return next();
    }
    if (!credential) return signInRequired('Sign in to use the console');
    if (await store.getSession(await hashToken(credential.token))) {
      throw new HttpError(403, ErrorCode.notAnAdministrator, "This is an app user's token: the console is for administrators");
    }
    return signInRequired('Your session has expired or ended: sign in again');
  };

  /** The administrator's credentials, or 401, or 429 while this address (or, unknown clients, anyone) must wait. */
  const checkSignIn = async (c: Context, email: string, password: string, at: Date): Promise<AdminCredentials> => {
    const address = c.get('clientAddress') ?? 'unknown';
    const permit = attempts.signIn(address);
    // Only a checked wrong password counts against the address: a refusal or a success gives its turn back.
    let failed = false;
    try {
      hasher.ready?.();
      const found = await authStore.findAdmin(email);
      const account = found && { id: found.admin.id, passwordHash: found.passwordHash };
      const knownClient = await knownClients.isKnown(c, account, at);
      const credentials = await limit({ account: `console:${emailKeyOf(email)}`, address, knownClient }, () =>
        checkPassword(found, password),
      );
      if (isRefused(credentials)) {
        throw retryLater(
          429,
          ErrorCode.tooManySignInAttempts,
          'Too many failed sign-ins for this email: wait and try again',
          credentials.retryAfterSeconds,
        );
      }
      if (!credentials) {
        failed = true;
        throw new HttpError(401, ErrorCode.wrongCredentials, 'Wrong email or password');
      }
      return credentials;
    } finally {
      if (!failed) permit.release();
    }
  };

  const routes = new Hono()
    .post('/sign-in', jsonBody(signInSchema), async (c) => {
      const { email, password } = c.req.valid('json');
      const at = now();
      const credentials = await checkSignIn(c, email, password, at);
      await knownClients.issue(c, { id: credentials.admin.id, passwordHash: credentials.passwordHash }, at);
      const token = newToken();
      const expiresAt = new Date(at.getTime() + sessionTtlMs).toISOString();
      await authStore.createAdminSession({
        tokenHash: await hashToken(token),
        adminId: credentials.admin.id,
        createdAt: at.toISOString(),
        expiresAt,
      });
      // The cookie only for the console's own code (it sends the header): a cross-site form posting
      // someone's credentials here cannot sign the browser in. Scripts use the token.
      if (isFromConsole(c)) setSessionCookie(c, token, sessionTtlMs);
      const answer: ConsoleSession = { token, expiresAt, admin: { email: credentials.admin.email } };
      return c.json(answer);
    })
    .get('/session', async (c) => {
      const session = await sessionOf(credentialOf(c));
      if (!session) return signInRequired('Sign in to use the console');
      return c.json({ expiresAt: session.expiresAt, admin: { email: session.admin.email } });
    })
    .post('/sign-out', async (c) => {
      const credential = credentialOf(c);
      refuseCrossSite(c, credential);
      if (credential) await authStore.deleteAdminSession(await hashToken(credential.token));
      clearSessionCookie(c);
      return c.body(null, 204);
    });

  return { routes, guard, tokenRoutes: (record) => apiTokenRoutes({ authStore, now, newId, record }) };
}

/** The demo has no sign-in: every console request is the demo's administrator's. */
export function demoConsoleAuth(): ConsoleAuth {
  const admin: AdminAccount = { id: 'demo-admin', email: DEMO_ADMIN };
  const session = { expiresAt: '9999-12-31T23:59:59.999Z', admin: { email: admin.email } };
  return {
    routes: new Hono().get('/session', (c) => c.json(session)),
    // The demo's tokens are for trying the page: the demo lets every request in, with or without one.
    tokenRoutes: (record) => apiTokenRoutes({ authStore: createMemoryAuthStore(), now: systemClock, newId: randomId, record }),
    guard: (c, next) => {
      c.set('consoleAdmin', admin);
      return next();
    },
  };
}
