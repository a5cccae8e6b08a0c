/** One sign-in attempt (console or runtime), recorded before the password is checked. */
export interface LoginAttempt {
  readonly id: string;
  /** ISO 8601. */
  readonly at: string;
}

/** Sign-in attempts per key (`console:<email>`, `app:<email>`), for rate limits. */
export interface LoginAttemptStore {
  recordLoginAttempt(key: string, attempt: LoginAttempt): Promise<void>;
  /** Attempts for `key` at or after `since`, oldest first. */
  listLoginAttempts(key: string, since: Date): Promise<LoginAttempt[]>;
  deleteLoginAttempt(key: string, id: string): Promise<void>;
  clearLoginAttempts(key: string): Promise<void>;
}
