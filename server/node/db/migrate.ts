import { MIGRATIONS } from '../../migrations';
import type { Migration } from '../../migrations/types';
import type { Sql } from './sql';

/** Any constant works: it only keeps two servers starting at once from migrating the same database twice. */
const MIGRATION_LOCK = 7_310_402;

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

/**
 * Brings the schema to the newest version (or to `to`), one migration per transaction, under an
 * advisory lock so that instances starting together take turns. Refuses a database made by a newer
 * server: its schema is unknown here.
 */
export async function migrate(
  sql: Sql,
  { migrations = MIGRATIONS, to }: { migrations?: readonly Migration[]; to?: number } = {},
): Promise<MigrationResult> {
  const target = to ?? migrations.at(-1)?.version ?? 0;
  let from: number | undefined;
  for (const migration of migrations) {
    if (migration.version > target) break;
    const applied = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const [row] = await tx.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
      const current = row?.version ?? 0;
      from ??= current;
      const newest = migrations.at(-1)?.version ?? 0;
      if (current > newest) {
        throw new Error(
          `The database's schema (version ${current}) is newer than this server knows (${newest}): upgrade the server`,
        );
      }
      if (current >= migration.version) return false;
      await tx.exec(migration.sql);
      await migration.backfill?.(tx);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (applied) from ??= migration.version - 1;
  }
  return { from: from ?? 0, to: await schemaVersion(sql) };
}

export async function schemaVersion(sql: Sql): Promise<number> {
  const [table] = await sql.query<{ exists: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`);
  if (!table?.exists) return 0;
  const [row] = await sql.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return row?.version ?? 0;
}
