import { Hono } from 'hono';
import { loginSchema, registerUserSchema, type RuntimeUser } from '../../contract/runtime';
import { hashToken, newToken } from '../auth/console-auth';
import { createLoginLimit, isRefused } from '../auth/login-limit';
import { createCredentialCheck, type PasswordHasher } from '../auth/password-hasher';
import { emailKeyOf } from '../auth/types';
import { badRequest, ErrorCode, HttpError } from '../errors';
import type { User } from '../directory/directory-store';
import type { Store } from '../store/store';
import { StoreConflictError } from '../store/types';
import { readJson } from '../validate';
import type { AppKeys } from './api-keys';
import { channelOf, type ResolveCaller } from './resolve-caller';

export interface UserRoutesOptions {
  store: Store;
  hasher: PasswordHasher;
  keys: AppKeys;
  resolveCaller: ResolveCaller;
  now: () => Date;
  newId: () => string;
  userSessionTtlMs: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The user object as Backendless answers it; the password (or its hash) never leaves the store. */
function userObject(user: User, userToken?: string): RuntimeUser {
  return {
    objectId: user.id,
    ownerId: user.id,
    email: user.email,
    name: user.name,
    userStatus: 'ENABLED',
    ___class: 'Users',
    ...(userToken === undefined ? {} : { 'user-token': userToken }),
  };
}

/**
 * Backendless's users API: register, login (answers the user with a `user-token`), logout. Register and
 * login look at the API key only: the SDK sends any token it still holds, and a stale one must not lock
 * its user out of logging in again.
 */
export function userRoutes({ store, hasher, keys, resolveCaller, now, newId, userSessionTtlMs }: UserRoutesOptions) {
  // Failed logins per email: the console's rule (5 within 15 minutes), then 429 with code 3036.
  const limit = createLoginLimit({ store, now, newId });
  const checkPassword = createCredentialCheck(hasher, newId);

  return new Hono()
    .post('/users/register', async (c) => {
      channelOf(keys, c.req.raw);
      const parsed = registerUserSchema.safeParse(await readJson(c));
      if (!parsed.success) {
        const field = parsed.error.issues[0]?.path[0];
        if (field === 'password') {
          throw badRequest("Property 'password' is required and must contain a value", ErrorCode.passwordRequired);
        }
        throw badRequest(field === 'email' ? "Property 'email' is required" : 'Invalid user object');
      }
      const { email, password, name } = parsed.data;
      if (password === '') {
        throw badRequest("Property 'password' is required and must contain a value", ErrorCode.passwordRequired);
      }
      if (!EMAIL.test(email)) throw badRequest('Email address is in wrong format', ErrorCode.invalidEmail);
      try {
        const user = await store.createUser({ email, name: name || null, passwordHash: await hasher.hash(password) });
        return c.json(userObject(user));
      } catch (error) {
        if (error instanceof StoreConflictError) {
          throw new HttpError(409, ErrorCode.userAlreadyExists, `User already exists: ${email}`);
        }
        throw error;
      }
    })
    .post('/users/login', async (c) => {
      channelOf(keys, c.req.raw);
      const parsed = loginSchema.safeParse(await readJson(c));
      if (!parsed.success || parsed.data.login === '' || parsed.data.password === '') {
        throw badRequest('Either login or password is an empty string value', ErrorCode.emptyLoginOrPassword);
      }
      const { login, password } = parsed.data;
      const credentials = await limit(`app:${emailKeyOf(login)}`, async () => checkPassword(await store.findCredentials(login), password));
      if (isRefused(credentials)) {
        c.header('retry-after', String(credentials.retryAfterSeconds));
        throw new HttpError(429, ErrorCode.tooManyLoginAttempts, 'Too many failed logins for this account: wait a few minutes and try again');
      }
      if (!credentials) throw new HttpError(401, ErrorCode.invalidLogin, 'Invalid login or password');
      const token = newToken();
      const at = now();
      await store.createSession({
        tokenHash: await hashToken(token),
        userId: credentials.user.id,
        login: 'password',
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + userSessionTtlMs).toISOString(),
      });
      return c.json(userObject(credentials.user, token));
    })
    .get('/users/logout', async (c) => {
      const { session } = await resolveCaller(c.req.raw);
      if (session) await store.deleteSession(session.tokenHash);
      return c.body(null, 200);
    });
}
