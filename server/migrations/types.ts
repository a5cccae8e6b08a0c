import type { Queryable } from '../node/db/sql';

/** One step of the database schema. Applied in order, once, each in its own transaction; never edited once released. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Runs after `sql` in the same transaction: data that only the server's code can compute. */
  readonly backfill?: (db: Queryable) => Promise<void>;
}
