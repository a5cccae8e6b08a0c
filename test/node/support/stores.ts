import pg from 'pg';
import { inject } from 'vitest';
import { createMemoryAuthStore } from '../../../server/auth/memory-auth-store';
import type { AuthStore } from '../../../server/auth/types';
import { migrate } from '../../../server/node/db/migrate';
import { openPglite } from '../../../server/node/db/pglite';
import { openPostgres } from '../../../server/node/db/postgres';
import type { Sql } from '../../../server/node/db/sql';
import { createPgStore } from '../../../server/store/postgres/pg-store';
import { resetDatabase } from '../../../server/store/postgres/pg-seed';
import type { SeedData } from '../../../server/seed/demo';
import { createMemoryStore } from '../../../server/store/memory/memory-store';
import type { Store } from '../../../server/store/store';

export type BackendName = 'memory' | 'pglite' | 'postgres';

/** One of the three places a Store keeps its data; `open` gives a fresh store holding `seed`. */
export interface StoreBackend {
  readonly name: BackendName;
  open(seed: SeedData): Promise<{ store: Store; auth: AuthStore }>;
  close(): Promise<void>;
}

/** A new, empty database on the tests' PostgreSQL server, dropped by `drop`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client(adminUrl);
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function sqlBackend(name: BackendName, connect: () => Promise<{ sql: Sql; drop?: () => Promise<void> }>): StoreBackend {
  let opened: Promise<{ sql: Sql; drop?: () => Promise<void> }> | undefined;
  const ready = () =>
    (opened ??= connect().then(async (connection) => {
      await migrate(connection.sql);
      return connection;
    }));
  return {
    name,
    async open(seed) {
      const { sql } = await ready();
      await resetDatabase(sql, seed);
      const store = createPgStore(sql);
      return { store, auth: store };
    },
    async close() {
      if (!opened) return;
      const { sql, drop } = await opened;
      await sql.close();
      await drop?.();
    },
  };
}

export const memoryBackend = (): StoreBackend => ({
  name: 'memory',
  open: async (seed) => ({ store: createMemoryStore(seed), auth: createMemoryAuthStore() }),
  close: async () => undefined,
});

export const pgliteBackend = () => sqlBackend('pglite', async () => ({ sql: await openPglite() }));

export const postgresBackend = () =>
  sqlBackend('postgres', async () => {
    const database = await createTestDatabase();
    return { sql: await openPostgres(database.url), drop: database.drop };
  });

export const ALL_BACKENDS = [memoryBackend, pgliteBackend, postgresBackend];
