import type { Migration } from './types';

/**
 * The activation fields the impact preview groups and filters on, as real columns next to the body they
 * come from. They are generated from the body, so every writer fills them and existing rows are
 * backfilled when the column is added; `roles` keeps the body's order (custom roles, then system roles).
 */
export const activationColumns: Migration = {
  version: 15,
  name: 'activation columns',
  sql: `
    CREATE FUNCTION activation_roles(roles jsonb) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT ARRAY(SELECT jsonb_array_elements_text(roles)) $$;
    ALTER TABLE activations
      ADD COLUMN at text GENERATED ALWAYS AS (body->>'at') STORED,
      ADD COLUMN user_id text GENERATED ALWAYS AS (body->'user'->>'id') STORED,
      ADD COLUMN user_name text
        GENERATED ALWAYS AS (coalesce(nullif(body->'user'->>'name', ''), body->'user'->>'email')) STORED,
      ADD COLUMN roles text[] GENERATED ALWAYS AS (activation_roles(body->'roles')) STORED,
      ADD COLUMN channel text GENERATED ALWAYS AS (body->>'channel') STORED,
      ADD COLUMN session_source text GENERATED ALWAYS AS (body->>'sessionSource') STORED,
      ADD COLUMN outcome text GENERATED ALWAYS AS (body->>'outcome') STORED,
      ADD COLUMN by_name boolean GENERATED ALWAYS AS (coalesce((body->>'byName')::boolean, false)) STORED;
    CREATE INDEX activations_by_at ON activations (at);
  `,
};
