import type { Queryable } from '../node/db/sql';
import type { Migration } from './types';

/**
 * How many users hold each set of custom roles (the set sorted by name; `{}` for users with none). Kept
 * in the transaction of every change of a user's roles (one set loses a user, another gains one), so
 * the who-can-start summaries read a few rows instead of grouping every user's roles again.
 */
export const roleSetCounts: Migration = {
  version: 17,
  name: 'role set counts',
  sql: `
    CREATE TABLE role_set_counts (
      roles text[] PRIMARY KEY,
      users integer NOT NULL
    );
  `,
  backfill: (db) => recountRoleSets(db),
};

/** Every set counted again: after a change that moves many users at once (a role deleted, a seed loaded). */
export async function recountRoleSets(db: Queryable): Promise<void> {
  await db.query('DELETE FROM role_set_counts');
  await db.query(
    `INSERT INTO role_set_counts (roles, users)
     SELECT roles, count(*)::int
       FROM (SELECT coalesce(array_agg(ur.role ORDER BY ur.role) FILTER (WHERE ur.role IS NOT NULL), '{}') AS roles
               FROM users u LEFT JOIN user_roles ur ON ur.user_id = u.id
              GROUP BY u.id) AS held
      GROUP BY roles`,
  );
}
