import { emailKeyOf } from '../auth/types';
import type { Queryable } from '../node/db/sql';
import type { Migration } from './types';

const TABLES = [
  { table: 'users', oldest: 'seq' },
  { table: 'admins', oldest: 'created_at, id' },
] as const;

/**
 * Gives every user and administrator without one their email's key, computed here rather than by SQL's
 * `lower()` so that the database and the sign-in limits fold alike. Of accounts whose addresses now fold
 * together (lower() told `ａdmin@…` from `admin@…`, the key does not), the oldest gets the key and the
 * others keep none: no email finds them until their address is changed.
 */
export async function fillEmailKeys(db: Queryable): Promise<void> {
  for (const { table, oldest } of TABLES) {
    const rows = await db.query<{ id: string; email: string }>(
      `SELECT id, email FROM ${table} WHERE email_key IS NULL ORDER BY ${oldest}`,
    );
    const keyed = new Map<string, string>();
    for (const row of rows) {
      const key = emailKeyOf(row.email);
      if (!keyed.has(key)) keyed.set(key, row.id);
    }
    await db.query(
      `UPDATE ${table} t SET email_key = k.key
       FROM unnest($1::text[], $2::text[]) AS k(key, id)
       WHERE t.id = k.id AND NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.email_key = k.key)`,
      [[...keyed.keys()], [...keyed.values()]],
    );
  }
}

/** Emails compared by one stored key (`emailKeyOf`) instead of `lower(email)`, for app users and administrators. */
export const emailKeys: Migration = {
  version: 5,
  name: 'email keys',
  sql: `
    ALTER TABLE users ADD COLUMN email_key text;
    DROP INDEX users_email_key;
    CREATE UNIQUE INDEX users_by_email_key ON users (email_key);

    ALTER TABLE admins ADD COLUMN email_key text;
    DROP INDEX admins_email_key;
    CREATE UNIQUE INDEX admins_by_email_key ON admins (email_key);
  `,
  backfill: fillEmailKeys,
};
