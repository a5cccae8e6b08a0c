import { Hono } from 'hono';
import { loginSchema, registerUserSchema, type RuntimeUser } from '../../contract/runtime';
import { isRefused } from '../auth/login-limit';
import type { User } from '../directory/directory-store';
import { badRequest, ErrorCode, retryLater } from '../http/errors';
import { jsonBody } from '../http/validate';
import type { AppKeys } from './api-keys';
import type { AppUserService } from './app-user-service';
import { knownApiKey, resolvedCaller, type ResolveCaller } from './resolve-caller';

export interface UserRoutesOptions {
  appUsers: AppUserService;
  keys: AppKeys;
  resolveCaller: ResolveCaller;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const passwordRequired = () => badRequest("Property 'password' is required and must contain a value", ErrorCode.passwordRequired);
const emptyLoginOrPassword = () =>
  badRequest('Either login or password is an empty string value', ErrorCode.emptyLoginOrPassword);

/** Backendless's own answers to a bad user object. */
const registerBody = jsonBody(registerUserSchema, {
  invalid: (error) => {
    const field = error.issues[0]?.path[0];
    if (field === 'password') return passwordRequired();
    return badRequest(field === 'email' ? "Property 'email' is required" : 'Invalid user object');
  },
});

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
export function userRoutes({ appUsers, keys, resolveCaller }: UserRoutesOptions) {
  return new Hono()
    .post('/users/register', knownApiKey(keys), registerBody, async (c) => {
      const input = c.req.valid('json');
      if (input.password === '') throw passwordRequired();
      if (!EMAIL.test(input.email)) throw badRequest('Email address is in wrong format', ErrorCode.invalidEmail);
      return c.json(userObject(await appUsers.register(input, c.get('clientAddress') ?? 'unknown')));
    })
    .post('/users/login', knownApiKey(keys), jsonBody(loginSchema, { invalid: emptyLoginOrPassword }), async (c) => {
      const input = c.req.valid('json');
      if (input.login === '' || input.password === '') throw emptyLoginOrPassword();
      const loggedIn = await appUsers.login(input, c.get('clientAddress') ?? 'unknown');
      if (isRefused(loggedIn)) {
        throw retryLater(
          429,
          ErrorCode.tooManyLoginAttempts,
          'Too many failed logins for this account: wait and try again',
          loggedIn.retryAfterSeconds,
        );
      }
      return c.json(userObject(loggedIn.user, loggedIn.token));
    })
    .get('/users/logout', resolvedCaller(resolveCaller), async (c) => {
      const { session } = c.get('caller');
      if (session) await appUsers.logout(session.tokenHash);
      return c.body(null, 200);
    });
}
