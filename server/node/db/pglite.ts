import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sqlLiteral, type Sql } from './sql';

/**
 * Embedded PostgreSQL (WASM) in this process. `dataDir` undefined keeps the database in memory.
 * PGlite runs one query at a time; its own mutex makes a transaction wait for the one before.
 */
export async function openPglite(dataDir?: string): Promise<Sql> {
  // pg_trgm: the users' search indexes (migration 019).
  const extensions = { pg_trgm };
  const db = await PGlite.create(dataDir === undefined ? { extensions } : { dataDir, extensions });
  // PGlite's API has no named statements: SQL's PREPARE once, then EXECUTE with the values as literals.
  const prepared = new Map<string, Promise<void>>();
  const prepare = (name: string, text: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a statement name: ${name}`);
    let done = prepared.get(name);
    if (!done) {
      done = db.exec(`PREPARE ${name} AS ${text}`).then(() => undefined);
      done.catch(() => prepared.delete(name));
      prepared.set(name, done);
    }
    return done;
  };
  return {
    kind: 'pglite',
    async query(text, params = []) {
      return (await db.query(text, [...params])).rows as never;
    },
    async exec(text) {
      await db.exec(text);
    },
    async queryPrepared(name, text, params) {
      await prepare(name, text);
      const values = params.map((value) => (typeof value === 'number' ? String(value) : sqlLiteral(value)));
      // One EXECUTE with its values as literals: PGlite's simple query protocol (`exec`) takes it in one
      // message, where `query` sends the extended protocol's five (parse, bind, describe, execute, sync)
      // for a statement that has no parameters left; every activation batch comes through here.
      const [result] = await db.exec(`EXECUTE ${name}(${values.join(', ')})`);
      return (result?.rows ?? []) as never;
    },
    transaction(work) {
      return db.transaction((tx) =>
        work({
          query: async (text, params = []) => (await tx.query(text, [...params])).rows as never,
          exec: async (text) => void (await tx.exec(text)),
        }),
      );
    },
    // One process: its notifications never miss, so `onLost` is never called.
    async listen(channel, onNotify) {
      const unlisten = await db.listen(channel, onNotify);
      return { close: () => unlisten() };
    },
    close: () => db.close(),
  };
}
