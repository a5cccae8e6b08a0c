import type { LoginMethod } from '../../domain/caller';
import type { User } from '../directory/directory-store';

export interface NewUser {
  readonly email: string;
  readonly name: string | null;
  /** From the injected PasswordHasher; the store never sees a password. */
  readonly passwordHash: string;
}

export interface Credentials {
  readonly user: User;
  readonly passwordHash: string;
}

/** A logged-in user-token. Only a hash of the token is kept (`hashToken`), so a copy of the data signs nobody in. */
export interface Session {
  readonly tokenHash: string;
  readonly userId: string;
  readonly login: LoginMethod;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601: from then on the token is refused. */
  readonly expiresAt: string;
}

/** The app's users as the runtime API sees them: registration, passwords and user-tokens. */
export interface AppUserStore {
  /** Throws StoreConflictError when a user has the email (compared by `emailKeyOf`). */
  createUser(user: NewUser): Promise<User>;
  /** By email: the user whose stored key is `emailKeyOf(email)`. */
  findCredentials(email: string): Promise<Credentials | undefined>;
  /** Also forgets sessions that expired before this one began. */
  createSession(session: Session): Promise<void>;
  /** By the token's hash; the caller checks `expiresAt`. */
  getSession(tokenHash: string): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
}
