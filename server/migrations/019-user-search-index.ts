import type { Queryable } from '../node/db/sql';
import type { Migration } from './types';

/** The indexes a user search uses (see `searchOn` in pg-store.ts); their absence is told at start. */
export const USER_SEARCH_INDEXES = ['users_name_search', 'users_email_search'] as const;

/**
 * Trigram indexes on the users' folded names and emails, so that a search for a part of either reads
 * the index instead of every user: at 100,000 users a search took about 330 ms of embedded PostgreSQL's
 * time, every row's name and email folded and scanned twice (the page and its count).
 *
 * `pg_trgm` ships with PostgreSQL and is a trusted extension (a database owner may create it), and the
 * server loads it into PGlite. Where it cannot be created (a managed database without it, a role not
 * allowed to), the migration still applies, without the indexes: searches are then correct, only as
 * slow as before, and the server says so when it starts.
 */
export const userSearchIndex: Migration = {
  version: 19,
  name: 'user search index',
  sql: `
    DO $$
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_trgm is not available (%): user searches read every user', SQLERRM;
    END $$;
    DO $$
    DECLARE
      ops text;
    BEGIN
      SELECT quote_ident(n.nspname) || '.gin_trgm_ops' INTO ops
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
       WHERE e.extname = 'pg_trgm';
      IF ops IS NULL THEN
        RETURN;
      END IF;
      EXECUTE format('CREATE INDEX users_name_search ON users USING gin (lower(coalesce(name, %L)) %s)', '', ops);
      EXECUTE format('CREATE INDEX users_email_search ON users USING gin (lower(coalesce(email, %L)) %s)', '', ops);
    END $$;
    -- Statistics, so that the planner weighs the new indexes (the embedded database has no autovacuum).
    ANALYZE users;
  `,
};

/** Whether both search indexes are there (migration 019 leaves them out where pg_trgm is missing). */
export async function hasUserSearchIndexes(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ found: number }>(
    'SELECT count(*)::int AS found FROM pg_indexes WHERE tablename = $1 AND indexname = ANY($2::text[])',
    ['users', [...USER_SEARCH_INDEXES]],
  );
  return row?.found === USER_SEARCH_INDEXES.length;
}
