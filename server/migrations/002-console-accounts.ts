import type { Migration } from './types';

/** Console sign-in: administrator accounts, their sessions (only a hash of the token) and failed sign-ins. */
export const consoleAccounts: Migration = {
  version: 2,
  name: 'console accounts',
  sql: `
    CREATE TABLE admins (
      id text PRIMARY KEY,
      email text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX admins_email_key ON admins (lower(email));

    CREATE TABLE admin_sessions (
      token_hash text PRIMARY KEY,
      admin_id text NOT NULL REFERENCES admins ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);

    CREATE TABLE sign_in_failures (
      email_key text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX sign_in_failures_by_key ON sign_in_failures (email_key, at);
  `,
};
