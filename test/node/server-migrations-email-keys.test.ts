import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/node/db/migrate';
import { openPglite } from '../../server/node/db/pglite';
import { openPostgres } from '../../server/node/db/postgres';
import type { Sql } from '../../server/node/db/sql';
import { createPgStore } from '../../server/store/postgres/pg-store';
import { StoreConflictError } from '../../server/store/types';
import { createTestDatabase } from './support/stores';

/** A database made before emails had a stored key gets one for every user and administrator, folded in JavaScript. */

const BEFORE_EMAIL_KEYS = 4;

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
      return {
        sql,
        async done() {
          await sql.close();
          await database.drop();
        },
      };
    },
  },
];

describe.each(databases)('the email key migration on $name', ({ open }) => {
  it('backfills the keys of existing users and administrators; of two that now fold together, the older keeps it', async () => {
    const { sql, done } = await open();
    try {
      await migrate(sql, { to: BEFORE_EMAIL_KEYS });
      // lower() told these apart, so the old unique indexes let them in.
      const users = [
        'Mixed@Example.COM',
        'admin@example.com',
        '\uFF41dmin@example.com',
        '\u212Aim@example.com',
        'adm\u0131n@example.com',
      ];
      for (const [at, email] of users.entries()) {
        await sql.query("INSERT INTO users (id, name, email, password_hash) VALUES ($1, NULL, $2, 'h' || $1)", [`u${at}`, email]);
      }
      await sql.query(`INSERT INTO admins (id, email, password_hash, created_at) VALUES
        ('a1', 'Root@Example.com', 'r1', '2025-01-01'), ('a2', '\uFF32oot@example.com', 'r2', '2025-01-02')`);

      await migrate(sql);

      const keys = await sql.query<{ id: string; email_key: string | null }>('SELECT id, email_key FROM users ORDER BY id');
      expect(keys).toEqual([
        { id: 'u0', email_key: 'mixed@example.com' },
        { id: 'u1', email_key: 'admin@example.com' },
        { id: 'u2', email_key: null },
        { id: 'u3', email_key: 'kim@example.com' },
        { id: 'u4', email_key: 'adm\u0131n@example.com' },
      ]);
      expect(await sql.query('SELECT id, email_key FROM admins ORDER BY id')).toEqual([
        { id: 'a1', email_key: 'root@example.com' },
        { id: 'a2', email_key: null },
      ]);

      const store = createPgStore(sql);
      expect(await store.findCredentials('MIXED@example.com')).toMatchObject({ user: { id: 'u0' } });
      expect(await store.findCredentials('\uFF41DMIN@example.com')).toMatchObject({ user: { id: 'u1' }, passwordHash: 'hu1' });
      expect(await store.findCredentials('KIM@example.com')).toMatchObject({ user: { id: 'u3' } });
      expect(await store.findCredentials('ADM\u0131N@EXAMPLE.COM')).toMatchObject({ user: { id: 'u4' } });
      expect(await store.findCredentials('adm\u0130n@example.com')).toBeUndefined();
      expect(await store.findAdmin('root@example.com')).toMatchObject({ admin: { id: 'a1' }, passwordHash: 'r1' });
      await expect(store.createUser({ email: 'KIM@example.com', name: null, passwordHash: 'x' })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
    } finally {
      await done();
    }
  });
});
