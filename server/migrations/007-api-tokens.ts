import type { Migration } from './types';

/** API tokens for automation (CI): named, read-only or read-write, optional expiry, revocable; only a hash is kept. */
export const apiTokens: Migration = {
  version: 7,
  name: 'api tokens',
  sql: `
    CREATE TABLE api_tokens (
      id text PRIMARY KEY,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      access text NOT NULL CHECK (access IN ('read', 'write')),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      revoked_at timestamptz
    );
  `,
};
