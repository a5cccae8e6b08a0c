import type { Migration } from './types';

/** What the memory store holds: flows, users and their custom roles, explicit values, sessions, activations. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE app_meta (
      key text PRIMARY KEY,
      value text NOT NULL
    );

    CREATE TABLE flows (
      seq bigserial UNIQUE,
      id text PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      color text NOT NULL,
      status text NOT NULL CHECK (status IN ('LIVE', 'READY', 'NOT READY'))
    );
    CREATE UNIQUE INDEX flows_name_key ON flows (lower(name));

    CREATE TABLE custom_roles (
      seq bigserial UNIQUE,
      name text PRIMARY KEY,
      description text NOT NULL DEFAULT ''
    );

    CREATE TABLE users (
      seq bigserial UNIQUE,
      id text PRIMARY KEY,
      name text,
      email text NOT NULL,
      password_hash text
    );
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));

    CREATE TABLE user_roles (
      user_id text NOT NULL REFERENCES users ON DELETE CASCADE,
      role text NOT NULL REFERENCES custom_roles (name) ON DELETE CASCADE,
      PRIMARY KEY (user_id, role)
    );
    CREATE INDEX user_roles_role ON user_roles (role);

    CREATE TABLE permission_values (
      flow_id text NOT NULL REFERENCES flows ON DELETE CASCADE,
      principal text NOT NULL,
      value text NOT NULL CHECK (value IN ('grant', 'deny')),
      PRIMARY KEY (flow_id, principal)
    );

    CREATE TABLE app_wide_values (
      role text PRIMARY KEY,
      value text NOT NULL CHECK (value IN ('grant', 'deny'))
    );

    CREATE TABLE sessions (
      token text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users ON DELETE CASCADE,
      login text NOT NULL,
      created_at timestamptz NOT NULL
    );

    CREATE TABLE activations (
      seq bigserial PRIMARY KEY,
      flow_id text NOT NULL REFERENCES flows ON DELETE CASCADE,
      body jsonb NOT NULL
    );
    CREATE INDEX activations_by_flow ON activations (flow_id, seq DESC);
  `,
};
