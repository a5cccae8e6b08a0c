/** An administrator: who signs in to the console. App users (the runtime's) never can. */
export interface AdminAccount {
  readonly id: string;
  readonly email: string;
}

export interface AdminCredentials {
  readonly admin: AdminAccount;
  readonly passwordHash: string;
}

/** A console session. Only a hash of its token is stored, so a copy of the database signs nobody in. */
export interface AdminSession {
  readonly tokenHash: string;
  readonly adminId: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601. */
  readonly expiresAt: string;
}

/**
 * Where console accounts and sessions live (failed sign-ins: `Store`'s login attempts). Kept apart from `Store`: the demo has no
 * sign-in. The PostgreSQL store implements both; the memory one serves tests.
 */
export interface AuthStore {
  /** By email, compared case-insensitively. */
  findAdmin(email: string): Promise<AdminCredentials | undefined>;
  /** Creates the account (with `id`), or sets the password of the existing one and ends its sessions. */
  saveAdmin(account: { id: string; email: string; passwordHash: string }): Promise<AdminAccount>;
  /** Also forgets sessions that expired before this one began. */
  createAdminSession(session: AdminSession): Promise<void>;
  /** The session's administrator, unless the session is unknown or expired at `now`. */
  findAdminSession(tokenHash: string, now: Date): Promise<{ admin: AdminAccount; expiresAt: string } | undefined>;
  deleteAdminSession(tokenHash: string): Promise<void>;
}

export const emailKeyOf = (email: string) => email.trim().toLowerCase();
