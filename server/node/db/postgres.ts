import pg from 'pg';
import { RETRYABLE, sqlStateOf, type Sql } from './sql';

export interface PostgresOptions {
  /** Connections per server instance. */
  max?: number;
}

/** A pool of connections to a PostgreSQL server, e.g. `postgres://user:pass@host:5432/db`. */
export async function openPostgres(url: string, { max = 10 }: PostgresOptions = {}): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error(`PostgreSQL connection error: ${error.message}`));
  const client = await pool.connect();
  client.release();
  return {
    kind: 'postgres',
    async query(text, params = []) {
      return (await pool.query(text, [...params])).rows as never;
    },
    async exec(text) {
      await pool.query(text);
    },
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work({
            query: async (text, params = []) => (await client.query(text, [...params])).rows as never,
            exec: async (text) => void (await client.query(text)),
          });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < 5 && RETRYABLE.has(sqlStateOf(error) ?? '')) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
