import type { Migration } from './types';

/** Checks saved as tests per flow, run by the console after every change to the flow. */
export const accessTests: Migration = {
  version: 14,
  name: 'access tests',
  sql: `
    CREATE TABLE access_tests (
      seq bigserial PRIMARY KEY,
      id text NOT NULL UNIQUE,
      flow_id text NOT NULL REFERENCES flows ON DELETE CASCADE,
      body jsonb NOT NULL
    );
    CREATE INDEX access_tests_flow ON access_tests (flow_id, seq);
  `,
};
