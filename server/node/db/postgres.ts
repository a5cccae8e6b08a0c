import pg from 'pg';
import { RETRYABLE, sqlStateOf, type Listening, type Sql } from './sql';
import { DatabaseUnavailableError, isConnectionError } from './unavailable';

export interface PostgresOptions {
  /** Connections per server instance. */
  max?: number;
  /** Where the outage lines go (one per event, JSON). */
  log?: (line: string) => void;
}

/** A pool of connections to a PostgreSQL server, e.g. `postgres://user:pass@host:5432/db`. */
export async function openPostgres(url: string, { max = 10, log = console.error }: PostgresOptions = {}): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  const health = watchHealth(log);
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => health.lost(error));
  const client = await pool.connect();
  client.release();

  /** Runs one call to the database; a lost connection becomes a 503 instead of a 500. */
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      health.ok();
      return result;
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      health.failed(error);
      throw new DatabaseUnavailableError(error);
    }
  }

  return {
    kind: 'postgres',
    query: (text, params = []) => guarded(async () => (await pool.query(text, [...params])).rows as never),
    exec: (text) => guarded(async () => void (await pool.query(text))),
    // `pg` prepares a named statement on each connection the first time that connection runs it.
    queryPrepared: (name, text, params) =>
      guarded(async () => (await pool.query({ name, text, values: [...params] })).rows as never),
    transaction: (work) =>
      guarded(async () => {
        for (let attempt = 1; ; attempt++) {
          const state: { broken?: Error } = {};
          const onError = (error: Error) => {
            state.broken = error;
            health.lost(error);
          };
          const client = await checkOut(pool, onError);
          try {
            await client.query('BEGIN');
            const result = await work({
              query: async (text, params = []) => (await client.query(text, [...params])).rows as never,
              exec: async (text) => void (await client.query(text)),
            });
            await client.query('COMMIT');
            return result;
          } catch (error) {
            if (isConnectionError(error)) state.broken ??= error as Error;
            const { broken } = state;
            if (!broken) await client.query('ROLLBACK').catch(() => undefined);
            if (!broken && attempt < 5 && RETRYABLE.has(sqlStateOf(error) ?? '')) continue;
            throw error;
          } finally {
            client.removeListener('error', onError);
            // A broken client is destroyed rather than handed to the next request.
            client.release(state.broken);
          }
        }
      }),
    listen: (channel, onNotify, onLost) => listenOn(url, channel, onNotify, onLost),
    close: () => pool.end(),
  };
}

/** The name the listening connection shows in pg_stat_activity (tests cut it to simulate a lost connection). */
export const LISTENER_APPLICATION_NAME = 'flow-permissions-listener';

/** A connection outside the pool that only listens; pooled connections are shared and may not hold a LISTEN. */
async function listenOn(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onLost: (error: unknown) => void,
): Promise<Listening> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    application_name: LISTENER_APPLICATION_NAME,
  });
  let closing = false;
  let lost = false;
  const lose = (error: unknown) => {
    if (closing || lost) return;
    lost = true;
    onLost(error);
    void client.end().catch(() => undefined);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('The notification connection ended')));
  client.on('notification', (message) => {
    if (message.channel === channel && message.payload !== undefined) onNotify(message.payload);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    close: async () => {
      closing = true;
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * A client of the pool with `onError` listening from the moment it is handed over. A checked-out
 * client has no listener of the pool's, and an 'error' event without one ends the process; the
 * listener cannot wait for an `await`: the message that completes a new connection can arrive in one
 * chunk with the server's next one (e.g. 57P01), and they are parsed in one go.
 */
function checkOut(pool: pg.Pool, onError: (error: Error) => void): Promise<pg.PoolClient> {
  return new Promise((resolve, reject) => {
    pool.connect((error, client) => {
      if (error || !client) return reject(error ?? new Error('The pool gave no client'));
      client.on('error', onError);
      resolve(client);
    });
  });
}

/**
 * Logs an outage as two lines, when it starts and when it ends (with the requests it failed and the
 * connections it dropped), instead of one per failed request. The lines name no URL or credential.
 */
function watchHealth(log: (line: string) => void) {
  let failedRequests = 0;
  let lostConnections = 0;
  let since: number | undefined;
  const down = (error: unknown) => {
    if (since !== undefined) return;
    since = Date.now();
    log(
      JSON.stringify({
        event: 'database-unavailable',
        code: sqlStateOf(error) ?? null,
        message: error instanceof Error ? error.message : String(error),
      }),
    );
  };
  return {
    lost(error: unknown) {
      lostConnections++;
      down(error);
    },
    failed(error: unknown) {
      failedRequests++;
      down(error);
    },
    ok() {
      if (since === undefined) return;
      log(JSON.stringify({ event: 'database-available', downMs: Date.now() - since, failedRequests, lostConnections }));
      since = undefined;
      failedRequests = 0;
      lostConnections = 0;
    },
  };
}
