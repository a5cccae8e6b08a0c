import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasUserSearchIndexes } from '../../server/migrations/019-user-search-index';
import { migrate } from '../../server/node/db/migrate';
import { openPglite } from '../../server/node/db/pglite';
import { openPostgres } from '../../server/node/db/postgres';
import type { Queryable, Sql } from '../../server/node/db/sql';
import { startServer } from '../../server/node/start';
import { resetDatabase } from '../../server/store/postgres/pg-seed';
import { createPgStore } from '../../server/store/postgres/pg-store';
import type { Store } from '../../server/store/store';
import { LIVE_FLOW, testHasher, testSeed, testSeedWithUsers } from './support/backend';
import { call, signIn, testConfig } from './support/server';
import { ALL_BACKENDS, createTestDatabase } from './support/stores';

/**
 * Searching the users: a part of a name or an email, any case, taken as it is typed (`%`, `_` and `\`
 * are no wildcards), and on PostgreSQL through the trigram indexes of migration 019 instead of reading
 * every user; where `pg_trgm` cannot be created the search still works, and the server says it is slow.
 */

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
  Plan?: PlanNode;
}

/** How an `EXPLAIN (FORMAT JSON)` plan reads the users: the index of each scan of them, or `table`. */
function usersScans(plan: unknown): string[] {
  const reads: string[] = [];
  const visit = (node: PlanNode) => {
    const type = node['Node Type'];
    const index = node['Index Name'];
    // A bitmap's index scans name only their index; its heap scan is counted through them.
    if (type === 'Bitmap Index Scan') {
      if (index?.startsWith('users_')) reads.push(index);
    } else if (node['Relation Name'] === 'users' && type !== 'Bitmap Heap Scan') {
      reads.push(index ?? 'table');
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  for (const entry of (Array.isArray(plan) ? plan : [plan]) as PlanNode[]) if (entry.Plan) visit(entry.Plan);
  return reads;
}

/** The statements a store sends, kept to be explained afterwards. */
function recording(sql: Sql): { sql: Sql; sent: { text: string; params: readonly unknown[] }[] } {
  const sent: { text: string; params: readonly unknown[] }[] = [];
  const query: Queryable['query'] = (text, params = []) => {
    sent.push({ text, params });
    return sql.query(text, params);
  };
  return { sql: { ...sql, query }, sent };
}

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store: searching users', (backend) => {
  let store: Store;
  beforeAll(async () => {
    ({ store } = await backend.open(await testSeed()));
    await store.createUser({ email: 'percent@example.com', name: 'Up 100% now', passwordHash: 'x' });
    await store.createUser({ email: 'under_score@example.com', name: 'Under Score', passwordHash: 'x' });
    await store.createUser({ email: 'slash@example.com', name: 'Back\\slash', passwordHash: 'x' });
  });
  afterAll(() => backend.close());

  const emails = async (search: string) =>
    (await store.listFlowUsers(LIVE_FLOW.id, { search, offset: 0, limit: 100 })).items.map((user) => user.email).sort();

  it('takes %, _ and \\ as themselves, not as wildcards', async () => {
    expect(await emails('%')).toEqual(['percent@example.com']);
    expect(await emails('100%')).toEqual(['percent@example.com']);
    expect(await emails('_')).toEqual(['under_score@example.com']);
    expect(await emails('r_s')).toEqual(['under_score@example.com']);
    expect(await emails('K\\S')).toEqual(['slash@example.com']);
    expect(await emails('\\')).toEqual(['slash@example.com']);
    expect(await emails('%example%')).toEqual([]);
    expect(await emails('UNDER')).toEqual(['under_score@example.com']);
    expect((await store.listUsers({ search: 'p 1', offset: 0, limit: 10 })).items.map((user) => user.email)).toEqual([
      'percent@example.com',
    ]);
  });
});

describe.each([
  ['pglite', async () => ({ sql: await openPglite(), drop: async () => undefined })],
  [
    'postgres',
    async () => {
      const database = await createTestDatabase();
      return { sql: await openPostgres(database.url), drop: database.drop };
    },
  ],
] as const)('on %s, a search of the users', (_name, open) => {
  let db: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    db = await open();
    await migrate(db.sql);
    await resetDatabase(db.sql, await testSeedWithUsers(3_000, { id: 'u_many_', name: 'Person ', email: 'person' }));
    await db.sql.query('ANALYZE users');
  });
  afterAll(async () => {
    await db.sql.close();
    await db.drop();
  });

  it('reads the trigram indexes, not every user, for the page and for its count', async () => {
    expect(await hasUserSearchIndexes(db.sql)).toBe(true);
    const { sql, sent } = recording(db.sql);
    const store = createPgStore(sql);
    const page = await store.listFlowUsers(LIVE_FLOW.id, { search: 'PERSON2718@', offset: 0, limit: 100 });
    expect(page.total).toBe(1);
    expect(page.items.map((user) => user.id)).toEqual(['u_many_2718']);
    const byName = await store.listUsers({ search: 'son 1234', offset: 0, limit: 10 });
    expect(byName.items.map((user) => user.id)).toEqual(['u_many_1234']);

    const searches = sent.filter(({ text }) => /FROM users u/.test(text));
    expect(searches.length).toBeGreaterThanOrEqual(4);
    for (const { text, params } of searches) {
      // A few thousand users are read as fast by a scan of the table (or of its order's index), and the
      // planner says so. With both ruled out, a condition the search indexes can serve is planned on
      // them, and one they cannot (the search before migration 019) is still planned as a table scan.
      const [row] = await db.sql.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        await tx.query('SET LOCAL enable_indexscan = off');
        return tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
      });
      expect(usersScans(row?.['QUERY PLAN']).sort(), text).toEqual(['users_email_search', 'users_name_search']);
    }
  });
});

describe('a PostgreSQL database where pg_trgm cannot be created', () => {
  it('migrates without the search indexes, still searches, and the server says so at start', async () => {
    const database = await createTestDatabase();
    const role = `limited_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client(database.url);
    await admin.connect();
    try {
      // A role that may make tables in the schema but not extensions in the database (no CREATE on it).
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited-secret'`);
      await admin.query(`GRANT CONNECT ON DATABASE ${new URL(database.url).pathname.slice(1)} TO ${role}`);
      await admin.query(`GRANT ALL ON SCHEMA public TO ${role}`);
      const url = new URL(database.url);
      url.username = role;
      url.password = 'limited-secret';

      const lines: string[] = [];
      const server = await startServer(testConfig({ databaseUrl: url.toString() }), {
        hasher: testHasher,
        log: (line) => lines.push(line),
        seed: await testSeed(),
      });
      try {
        expect(await hasUserSearchIndexes(server.sql)).toBe(false);
        expect(lines.join('\n')).toContain('User searches read every user');
        const token = await signIn(server.url);
        const found = await call(server.url, 'GET', `/api/console/flows/${LIVE_FLOW.id}/permissions/users?search=OKAFOR`, {
          token,
        });
        expect(found.status).toBe(200);
        expect(found.body).toMatchObject({ total: 1, items: [{ id: 'u_two' }] });
      } finally {
        await server.stop();
      }
    } finally {
      await admin.end();
      await database.drop();
      const cleanup = new pg.Client(database.url.replace(/\/[^/]*$/, '/postgres'));
      await cleanup.connect();
      await cleanup.query(`DROP ROLE IF EXISTS ${role}`);
      await cleanup.end();
    }
  });
});
