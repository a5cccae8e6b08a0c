import type { Migration } from './types';

/**
 * The audit log: one row per administrator change (written in the change's own transaction) and per
 * console sign-in. No foreign keys: an entry outlives its flow, role or user, so it keeps their names.
 */
export const auditLog: Migration = {
  version: 10,
  name: 'audit log',
  sql: `
    CREATE TABLE audit_log (
      seq bigserial PRIMARY KEY,
      id text NOT NULL UNIQUE,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      kind text NOT NULL,
      flow_id text,
      flow_name text,
      principal text,
      principal_name text,
      before_value text,
      after_value text,
      change_set_id text
    );
    CREATE INDEX audit_log_by_flow ON audit_log (flow_id, seq DESC) WHERE flow_id IS NOT NULL;
    CREATE INDEX audit_log_by_kind ON audit_log (kind, seq DESC);
    CREATE INDEX audit_log_by_principal ON audit_log (principal, seq DESC) WHERE principal IS NOT NULL;
    CREATE INDEX audit_log_by_at ON audit_log (at);
  `,
};
