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

/** A named token for automation (CI): the console API takes it as `Authorization: Bearer`. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  /** `read`: GETs, plans and tests only; `write`: everything an administrator can do but manage tokens. */
  readonly access: 'read' | 'write';
  readonly createdBy: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/**
 * Where console accounts and sessions live (failed sign-ins: `Store`'s login attempts). Kept apart from `Store`: the demo has no
 * sign-in. The PostgreSQL store implements both; the memory one serves tests.
 */
export interface AuthStore {
  /** By email: the one whose stored key is `emailKeyOf(email)`. */
  findAdmin(email: string): Promise<AdminCredentials | undefined>;
  /** Creates the account (with `id`), or sets the password of the existing one and ends its sessions. */
  saveAdmin(account: { id: string; email: string; passwordHash: string }): Promise<AdminAccount>;
  /** Also forgets sessions that expired before this one began. */
  createAdminSession(session: AdminSession): Promise<void>;
  /** The session's administrator, unless the session is unknown or expired at `now`. */
  findAdminSession(tokenHash: string, now: Date): Promise<{ admin: AdminAccount; expiresAt: string } | undefined>;
  deleteAdminSession(tokenHash: string): Promise<void>;
  createApiToken(token: ApiToken & { tokenHash: string }): Promise<void>;
  /** Every token, newest first, revoked and expired ones too. */
  listApiTokens(): Promise<ApiToken[]>;
  /** The token, unless it is unknown, revoked or expired at `now`. */
  findApiToken(tokenHash: string, now: Date): Promise<ApiToken | undefined>;
  /** Whether a token with this id was live and is now revoked. */
  revokeApiToken(id: string, at: string): Promise<boolean>;
}

/** Printable ASCII folds the same through the fast path: NFKC leaves it as it is. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The one comparison of emails: the key stored with every app user and administrator, looked up by
 * equality, and the key of the failed sign-in limits, so an address that finds an account is counted in
 * that account's bucket and no other. NFKC first (fullwidth `ａ` → `a`, the Kelvin sign → `K`), then
 * Unicode's default, locale-free lower case, then NFKC again (lower-casing can leave a sequence that is
 * not normalised), then trimmed.
 *
 * Turkish i's are not merged: `İ` (U+0130) lower-cases to `i` and a combining dot above, and `ı`
 * (U+0131) stays dotless, so `admİn@…` and `admın@…` are other addresses than `admin@…` (each with its
 * own account and bucket). Never compare with SQL's `lower()`: its folding depends on the database's
 * locale, and disagreed with this one.
 */
export function emailKeyOf(email: string): string {
  if (PRINTABLE_ASCII.test(email)) return email.toLowerCase().trim();
  return email.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
}
