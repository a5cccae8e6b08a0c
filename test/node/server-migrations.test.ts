import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/migrations';
import { migrate, schemaVersion } from '../../server/node/db/migrate';
import { openPglite } from '../../server/node/db/pglite';
import { openPostgres } from '../../server/node/db/postgres';
import type { Sql } from '../../server/node/db/sql';
import { createPgStore } from '../../server/store/postgres/pg-store';
import { initDatabase, loadSeed } from '../../server/store/postgres/pg-seed';
import { LIVE_FLOW, testSeed } from './support/backend';
import { createTestDatabase } from './support/stores';

/** A database made by the previous schema version is migrated at start, its data kept and usable. */

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;
// Versions may skip numbers (each engineer's migrations have their own): the previous one is the one before in the list.
const PREVIOUS = MIGRATIONS.at(-2)?.version ?? 0;

const databases: { name: string; open(): Promise<{ sql: Sql; done(): Promise<void> }> }[] = [
  {
    name: 'PGlite',
    async open() {
      const sql = await openPglite();
      return { sql, done: () => sql.close() };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const database = await createTestDatabase();
      const sql = await openPostgres(database.url);
      const done = async () => {
        await sql.close();
        await database.drop();
      };
      return { sql, done };
    },
  },
];

describe.each(databases)('migrations on $name', ({ open }) => {
  it(`takes a database made by schema version ${PREVIOUS} to ${LATEST}, keeping its data`, async () => {
    const { sql, done } = await open();
    try {
      expect(await migrate(sql, { to: PREVIOUS })).toEqual({ from: 0, to: PREVIOUS });
      // Data as the previous version's server wrote it.
      await sql.transaction(async (tx) => {
        await loadSeed(tx, await testSeed());
        await tx.query("INSERT INTO permission_values (flow_id, principal, value) VALUES ($1, 'role:Manager', 'deny')", [
          LIVE_FLOW.id,
        ]);
        await tx.query("INSERT INTO app_meta (key, value) VALUES ('initialized', 'demo')");
        await tx.query('INSERT INTO activations (flow_id, body) VALUES ($1, $2)', [
          LIVE_FLOW.id,
          {
            id: 'a1',
            at: '2025-01-02T00:00:00.000Z',
            flowId: LIVE_FLOW.id,
            user: { id: 'u1', name: '', email: 'ana@example.com' },
            roles: ['Manager', 'AuthenticatedUser', 'RestUser'],
            channel: 'REST',
            sessionSource: null,
            decision: { value: 'grant', level: 'default' },
            outcome: 'started',
            executionId: 'e1',
            byName: true,
          },
        ]);
        await tx.query(
          "INSERT INTO admins (id, email, email_key, password_hash) VALUES ('a1', 'admin@example.com', 'admin@example.com', 'hash')",
        );
      });

      const { migration, initialized } = await initDatabase(sql, await testSeed());
      expect(migration).toEqual({ from: PREVIOUS, to: LATEST });
      expect(initialized).toBe(false);
      const store = createPgStore(sql);
      const manager = { kind: 'role', name: 'Manager' } as const;
      expect(await store.getValues(LIVE_FLOW.id, [manager])).toEqual(new Map([['role:Manager', 'deny']]));
      expect(await store.findAdmin('admin@example.com')).toMatchObject({ passwordHash: 'hash' });
      // The value had no version before: it is at 0, and its first change through the API makes 1.
      expect(await store.getVersions(LIVE_FLOW.id, [manager])).toEqual(new Map());
      const write = { by: 'admin@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'Manager', expectedVersion: 0 };
      expect(await store.setValue(LIVE_FLOW.id, manager, 'grant', write)).toBe('written');
      expect((await store.listHistory(LIVE_FLOW.id, { offset: 0, limit: 5 })).items).toMatchObject([
        { from: 'deny', to: 'grant', version: 1, changeSetId: null },
      ]);

      // Attempts recorded before they had columns of their own: the impact preview's replay reads them.
      const scope = { since: '2025-01-01T00:00:00.000Z', flows: [], users: ['u1'] };
      expect(await store.replayClasses(scope)).toEqual([
        {
          flowId: LIVE_FLOW.id,
          roles: ['Manager', 'AuthenticatedUser', 'RestUser'],
          userId: 'u1',
          byName: true,
          attempts: 1,
          live: 1,
          started: 1,
        },
      ]);
      expect(await store.byNameCallers(scope.since, LIVE_FLOW.id, 5)).toEqual({
        attempts: 1,
        callers: [{ caller: 'ana@example.com', attempts: 1 }],
      });

      expect(await migrate(sql)).toEqual({ from: LATEST, to: LATEST });
    } finally {
      await done();
    }
  });

  it('refuses a database whose schema is newer than the server', async () => {
    const { sql, done } = await open();
    try {
      await migrate(sql);
      await sql.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
      await expect(migrate(sql)).rejects.toThrow('newer than this server knows');
      expect(await schemaVersion(sql)).toBe(999);
    } finally {
      await done();
    }
  });
});
