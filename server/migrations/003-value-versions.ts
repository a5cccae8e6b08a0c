import type { Migration } from './types';

/**
 * Per-value versions (HTTP If-Match) and the history of changes. A value's version outlives the value
 * itself (setting it back to inherited deletes the value, not its version), hence its own table.
 */
export const valueVersions: Migration = {
  version: 3,
  name: 'value versions and history',
  sql: `
    CREATE TABLE value_versions (
      flow_id text NOT NULL REFERENCES flows ON DELETE CASCADE,
      principal text NOT NULL,
      version integer NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL,
      write_id text,
      PRIMARY KEY (flow_id, principal)
    );

    CREATE TABLE value_history (
      seq bigserial PRIMARY KEY,
      id text NOT NULL UNIQUE,
      flow_id text NOT NULL REFERENCES flows ON DELETE CASCADE,
      principal text NOT NULL,
      principal_name text NOT NULL,
      from_value text CHECK (from_value IN ('grant', 'deny')),
      to_value text CHECK (to_value IN ('grant', 'deny')),
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL,
      version integer NOT NULL,
      write_id text
    );
    CREATE INDEX value_history_by_flow ON value_history (flow_id, seq DESC);
    CREATE INDEX value_history_by_write ON value_history (flow_id, principal, write_id) WHERE write_id IS NOT NULL;
  `,
};
