import { PGlite } from '@electric-sql/pglite';
import type { Sql } from './sql';

/**
 * Embedded PostgreSQL (WASM) in this process. `dataDir` undefined keeps the database in memory.
 * PGlite runs one query at a time; its own mutex makes a transaction wait for the one before.
 */
export async function openPglite(dataDir?: string): Promise<Sql> {
  const db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  return {
    kind: 'pglite',
    async query(text, params = []) {
      return (await db.query(text, [...params])).rows as never;
    },
    async exec(text) {
      await db.exec(text);
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
