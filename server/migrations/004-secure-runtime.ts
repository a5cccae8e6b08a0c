import type { Migration } from './types';

/**
 * The app's own API keys (made at the first start: see `ensureAppKeys`), app users' sessions by a hash
 * of their token with an expiry, and one table of sign-in attempts for the console and the runtime.
 * Existing user-tokens keep working: the token becomes its SHA-256, and expires 30 days after it began.
 */
export const secureRuntime: Migration = {
  version: 4,
  name: 'app keys, hashed user-tokens, login attempts',
  sql: `
    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL
    );

    ALTER TABLE sessions RENAME COLUMN token TO token_hash;
    UPDATE sessions SET token_hash = encode(sha256(convert_to(token_hash, 'UTF8')), 'hex');
    ALTER TABLE sessions ADD COLUMN expires_at timestamptz;
    UPDATE sessions SET expires_at = created_at + interval '30 days';
    ALTER TABLE sessions ALTER COLUMN expires_at SET NOT NULL;
    CREATE INDEX sessions_by_expiry ON sessions (expires_at);

    DROP TABLE sign_in_failures;
    CREATE TABLE login_attempts (
      id text PRIMARY KEY,
      key text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX login_attempts_by_key ON login_attempts (key, at);
  `,
};
