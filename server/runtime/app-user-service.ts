import type { AttemptLimits } from '../auth/attempt-limits';
import { createLoginLimit, isRefused, type LoginLimitOptions, type Refused } from '../auth/login-limit';
import type { LoginAttemptStore } from '../auth/login-attempt-store';
import { createCredentialCheck, type PasswordHasher } from '../auth/password-hasher';
import { hashToken, newToken } from '../auth/console-auth';
import { emailKeyOf } from '../auth/types';
import type { User } from '../directory/directory-store';
import { conflict, ErrorCode, HttpError } from '../http/errors';
import type { Clock } from '../platform/clock';
import type { NewId } from '../platform/ids';
import { StoreConflictError } from '../store/types';
import type { AppUserStore } from './app-user-store';

export interface AppUserServiceOptions {
  store: AppUserStore & LoginAttemptStore;
  hasher: PasswordHasher;
  now: Clock;
  newId: NewId;
  /** How long a `user-token` lasts from login. */
  userSessionTtlMs: number;
  /** Logins and registrations per address. */
  attempts: AttemptLimits;
  failureLimit?: Omit<LoginLimitOptions, 'store' | 'now' | 'newId'>;
}

/** The app's users as the runtime sees them: register, login (a new user-token), logout. */
export function createAppUserService({
  store,
  hasher,
  now,
  newId,
  userSessionTtlMs,
  attempts,
  failureLimit = {},
}: AppUserServiceOptions) {
  // Failed logins: the console's rule, then 429 with code 3036. App users have no known-client cookie
  // (apps call from other origins, without cookies).
  const limit = createLoginLimit({ store, now, newId, ...failureLimit });
  const checkPassword = createCredentialCheck(hasher, newId);

  return {
    /** `from`: the caller's address. An existing email gets 409 without being named (decision 022). */
    async register(
      { email, password, name }: { email: string; password: string; name?: string | null | undefined },
      from: string,
    ): Promise<User> {
      const permit = attempts.register(from);
      let passwordHash: string;
      try {
        hasher.ready?.();
        passwordHash = await hasher.hash(password);
      } catch (error) {
        // Never hashed (the server was busy): the attempt does not count.
        permit.release();
        throw error;
      }
      try {
        return await store.createUser({ email, name: name || null, passwordHash });
      } catch (error) {
        if (error instanceof StoreConflictError) throw conflict(ErrorCode.userAlreadyExists, 'User already exists');
        throw error;
      }
    },
    /** The user and their new token, or Refused after too many failures; 401 for a wrong login or password. */
    async login(
      { login, password }: { login: string; password: string },
      from: string,
    ): Promise<{ user: User; token: string } | Refused> {
      const permit = attempts.login(from);
      let credentials: Awaited<ReturnType<AppUserStore['findCredentials']>> | Refused;
      try {
        hasher.ready?.();
        credentials = await limit({ account: `app:${emailKeyOf(login)}`, address: from }, async () =>
          checkPassword(await store.findCredentials(login), password),
        );
      } catch (error) {
        permit.release();
        throw error;
      }
      // Only a checked wrong password counts against the address.
      if (credentials === undefined) throw new HttpError(401, ErrorCode.invalidLogin, 'Invalid login or password');
      permit.release();
      if (isRefused(credentials)) return credentials;
      const token = newToken();
      const at = now();
      await store.createSession({
        tokenHash: await hashToken(token),
        userId: credentials.user.id,
        login: 'password',
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + userSessionTtlMs).toISOString(),
      });
      return { user: credentials.user, token };
    },
    logout: (tokenHash: string) => store.deleteSession(tokenHash),
  };
}

export type AppUserService = ReturnType<typeof createAppUserService>;
