import { fillEmailKeys } from '../../migrations/005-email-keys';
import { recountRoleSets } from '../../migrations/017-role-set-counts';
import type { SeedData } from '../../seed/demo';
import { migrate, type MigrationResult } from '../../node/db/migrate';
import type { Queryable, Sql } from '../../node/db/sql';

/**
 * Writes a seed into empty tables, in one statement per table, as every schema version has them (a test
 * loads it into an older one): users get their email keys from `fillEmailKeys` afterwards.
 */
export async function loadSeed(db: Queryable, seed: SeedData): Promise<void> {
  const flows = seed.flows;
  await db.query(
    `INSERT INTO flows (id, name, description, color, status)
     SELECT id, name, description, color, status
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(id, name, description, color, status, n)
     ORDER BY n`,
    [
      flows.map((f) => f.id),
      flows.map((f) => f.name),
      flows.map((f) => f.description),
      flows.map((f) => f.color),
      flows.map((f) => f.status),
    ],
  );
  const roles = seed.customRoles;
  await db.query(
    `INSERT INTO custom_roles (name, description)
     SELECT name, description FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(name, description, n) ORDER BY n`,
    [roles.map((r) => r.name), roles.map((r) => r.description)],
  );
  const users = [...seed.users];
  await db.query(
    `INSERT INTO users (id, name, email, password_hash)
     SELECT id, name, email, password_hash
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(id, name, email, password_hash, n)
     ORDER BY n`,
    [
      users.map((u) => u.id),
      users.map((u) => u.name),
      users.map((u) => u.email),
      users.map((u) => seed.passwords.get(u.id) ?? null),
    ],
  );
  const holdings = users.flatMap((user) => user.roles.map((role) => [user.id, role] as const));
  await db.query('INSERT INTO user_roles (user_id, role) SELECT * FROM unnest($1::text[], $2::text[])', [
    holdings.map(([user]) => user),
    holdings.map(([, role]) => role),
  ]);
  const values = [...seed.values].flatMap(([flowId, map]) =>
    [...map].map(([principal, value]) => [flowId, principal, value] as const),
  );
  await db.query(
    'INSERT INTO permission_values (flow_id, principal, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
    [values.map(([flowId]) => flowId), values.map(([, principal]) => principal), values.map(([, , value]) => value)],
  );
  const attempts = seed.activity ? flows.flatMap((flow) => seed.activity?.(flow.id) ?? []) : [];
  await db.query(
    `INSERT INTO activations (flow_id, body)
     SELECT flow_id, body FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS t(flow_id, body, n) ORDER BY n`,
    [attempts.map((attempt) => attempt.flowId), attempts.map((attempt) => JSON.stringify(attempt))],
  );
  const denies = [...seed.appWide].filter(([, value]) => value === 'deny');
  await db.query('INSERT INTO app_wide_values (role, value) SELECT * FROM unnest($1::text[], $2::text[])', [
    denies.map(([role]) => role),
    denies.map(([, value]) => value),
  ]);
}

export interface InitResult {
  readonly migration: MigrationResult;
  /** True when this start found the database new and gave it its data (the seed, or nothing). */
  readonly initialized: boolean;
}

const INIT_LOCK = 7_310_403;

/**
 * Migrates, then gives a database that was never initialized its first data: the seed, or nothing
 * (`seed` null). Later starts leave the data alone, even if an administrator has emptied it.
 */
export async function initDatabase(sql: Sql, seed: SeedData | null): Promise<InitResult> {
  const migration = await migrate(sql);
  const initialized = await sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [INIT_LOCK]);
    const done = await tx.query("SELECT 1 FROM app_meta WHERE key = 'initialized'");
    if (done.length > 0) return false;
    if (seed) {
      await loadSeed(tx, seed);
      await fillEmailKeys(tx);
      await recountRoleSets(tx);
    }
    await tx.query("INSERT INTO app_meta (key, value) VALUES ('initialized', $1)", [seed ? 'demo' : 'none']);
    return true;
  });
  // The planner's statistics for the data just loaded: without them it guesses that a search of the
  // users matches many, and walks them all in order instead of reading the search indexes. (PostgreSQL's
  // autovacuum would get there in time; the embedded database has none.)
  if (initialized && seed) await sql.query('ANALYZE');
  return { migration, initialized };
}

const CONSOLE_ACCOUNT_TABLES = ['admins', 'admin_sessions'];

/** Tests: empties every table (but the console's accounts and sessions, if asked) and loads `seed`. */
export async function resetDatabase(sql: Sql, seed: SeedData, { keepConsoleAccounts = false } = {}): Promise<void> {
  await sql.transaction(async (tx) => {
    const kept = ['schema_migrations', ...(keepConsoleAccounts ? CONSOLE_ACCOUNT_TABLES : [])];
    const tables = await tx.query<{ name: string }>(
      'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND NOT (tablename = ANY($1::text[]))',
      [kept],
    );
    await tx.exec(`TRUNCATE ${tables.map((table) => `"${table.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
    await loadSeed(tx, seed);
    await fillEmailKeys(tx);
    await recountRoleSets(tx);
    await tx.query("INSERT INTO app_meta (key, value) VALUES ('initialized', 'test')");
  });
}
