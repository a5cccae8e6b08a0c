import { createLoginLimit, isRefused, type Refused } from '../auth/login-limit';
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
}

/** The app's users as the runtime sees them: register, login (a new user-token), logout. */
export function createAppUserService({ store, hasher, now, newId, userSessionTtlMs }: AppUserServiceOptions) {
  // Failed logins per email: the console's rule (5 within 15 minutes), then 429 with code 3036.
  const limit = createLoginLimit({ store, now, newId });
  const checkPassword = createCredentialCheck(hasher, newId);

  return {
    async register({ email, password, name }: { email: string; password: string; name?: string | null | undefined }): Promise<User> {
      try {
        return await store.createUser({ email, name: name || null, passwordHash: await hasher.hash(password) });
      } catch (error) {
        if (error instanceof StoreConflictError) throw conflict(ErrorCode.userAlreadyExists, `User already exists: ${email}`);
        throw error;
      }
    },
    /** The user and their new token, or Refused after too many failures; 401 for a wrong login or password. */
    async login({ login, password }: { login: string; password: string }): Promise<{ user: User; token: string } | Refused> {
      const credentials = await limit(`app:${emailKeyOf(login)}`, async () => checkPassword(await store.findCredentials(login), password));
      if (isRefused(credentials)) return credentials;
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
      return { user: credentials.user, token };
    },
    logout: (tokenHash: string) => store.deleteSession(tokenHash),
  };
}

export type AppUserService = ReturnType<typeof createAppUserService>;
