import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../app';
import { cachedAdminSessions } from '../auth/admin-session-cache';
import { createConsoleAuth } from '../auth/console-auth';
import { ensureAdmin } from '../auth/ensure-admin';
import { createHashGate, gatedHasher } from '../auth/hash-gate';
import { createPbkdf2Hasher, type PasswordHasher } from '../auth/password-hasher';
import { randomId } from '../platform/ids';
import { generateSeed, type SeedData } from '../seed/demo';
import { AppKeysError, describeAppKeys, ensureAppKeys } from './app-keys';
import { nodeClientAddress } from './client-address';
import type { ServerConfig } from './config';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';
import type { Sql } from './db/sql';
import { startHttpServer } from './http-server';
import { createRequestTiming, reportTimingOnSignal } from './request-timing';
import { listenForChanges, type ChangeListener, type ChangeListenerOptions } from './db/change-listener';
import { createEventHub } from '../live/event-hub';
import { createPgStore } from '../store/postgres/pg-store';
import { initDatabase } from '../store/postgres/pg-seed';
import { hasUserSearchIndexes } from '../migrations/019-user-search-index';

export class StartError extends Error {}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** The database connection (tests and the benchmark reset or inspect it). */
  readonly sql: Sql;
  /** Stops taking requests, lets those in flight finish, closes the database and frees DATA_DIR. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Defaults to PBKDF2 (WebCrypto); tests pass a fast one. */
  hasher?: PasswordHasher;
  log?: (line: string) => void;
  /** What a new database gets instead of what SEED says (tests). */
  seed?: SeedData | null;
  /** How the change notifications are listened to again after a lost connection (tests slow it down). */
  changes?: Omit<ChangeListenerOptions, 'log'>;
}

/** `npm run serve`: the built console and the API over embedded PostgreSQL (PGlite) or a PostgreSQL server. */
export async function startServer(
  config: ServerConfig,
  { hasher = createPbkdf2Hasher(), log = console.log, seed, changes: listenOptions }: StartOptions = {},
): Promise<RunningServer> {
  if (!existsSync(join(config.distDir, 'index.html'))) {
    throw new StartError(`The built console is missing (${config.distDir}/index.html): run \`npm run build\` first`);
  }
  let lock: DataDirLock | undefined;
  let sql: Sql | undefined;
  let changes: ChangeListener | undefined;
  try {
    if (config.databaseUrl) {
      sql = await openPostgres(config.databaseUrl, { log });
      log(`Storing in PostgreSQL at ${redacted(config.databaseUrl)}`);
    } else {
      lock = await lockDataDir(config.dataDir);
      sql = await openPglite(join(config.dataDir, 'pgdata'));
      log(`Storing in embedded PostgreSQL (PGlite) under ${config.dataDir}`);
    }
    const { migration, initialized } = await initDatabase(
      sql,
      seed !== undefined ? seed : config.seed === 'demo' ? generateSeed({ activityUntil: new Date() }) : null,
    );
    if (migration.from !== migration.to) log(`Migrated the database schema from version ${migration.from} to ${migration.to}`);
    if (initialized)
      log(config.seed === 'demo' ? 'New database: loaded the demo dataset' : 'New database: left empty (SEED=none)');
    if (!(await hasUserSearchIndexes(sql)))
      log(
        'User searches read every user: the database has no pg_trgm, so the search indexes of migration 019 are missing ' +
          '(README, "Running the server", "User search indexes": how to add them)',
      );

    const store = createPgStore(sql);
    const db = sql;
    // Decisions come from memory kept exact by the database's change notifications (decision record 035).
    changes = await listenForChanges(sql, { ...listenOptions, log });
    // Flows are announced again with who changed them (next to the trigger's announcement, which has no one).
    const events = createEventHub(changes, { flowsSaidBy: true });
    const { admin, action, generatedPassword } = await ensureAdmin({
      authStore: store,
      hasher,
      email: config.adminEmail,
      password: config.adminPassword,
      newId: randomId,
    });
    if (generatedPassword) log(`Administrator ${admin.email} created with the password: ${generatedPassword} (shown once)`);
    else if (action !== 'unchanged') log(`Administrator ${admin.email} ${action} with ADMIN_PASSWORD`);

    const { keys, created } = await ensureAppKeys(sql, config.appKeys).catch((error: unknown) => {
      throw error instanceof AppKeysError ? new StartError(error.message) : error;
    });
    if (created) {
      log(
        created.demo
          ? `App keys: the public demo keys (SEED=demo is for trying out; use SEED=none for a real app):\n${describeAppKeys(created.keys)}`
          : `App keys created (shown once; administrators see them at GET /api/console/app-keys):\n${describeAppKeys(created.keys)}`,
      );
    }

    const now = () => new Date();
    // One gate for every password hash of this process: console sign-ins, app logins and registrations.
    const gated = gatedHasher(hasher, createHashGate({ concurrency: config.hashConcurrency, queue: config.hashQueue }));
    const consoleAuth = createConsoleAuth({
      // Console sessions from memory, ended on every instance by the database's notifications.
      authStore: cachedAdminSessions(store, changes),
      store,
      hasher: gated,
      now,
      newId: randomId,
      sessionTtlMs: config.sessionTtlMs,
    });
    const app = createApp({
      store,
      hasher: gated,
      now,
      keys,
      consoleAuth,
      userSessionTtlMs: config.userSessionTtlMs,
      clientAddress: nodeClientAddress({ trustProxy: config.trustProxy }),
      attemptLimits: { registrationsPerMinute: config.registrationsPerMinute },
      live: {
        feed: changes,
        announceFlow: async (change) => void (await db.query('SELECT announce_change($1::jsonb)', [JSON.stringify(change)])),
      },
      events,
      auditRetentionDays: config.auditRetentionDays,
    });
    const timing = config.requestTiming ? createRequestTiming() : undefined;
    const http = await startHttpServer({
      fetch: (request, env) => app.fetch(request, env),
      distDir: config.distDir,
      port: config.port,
      host: config.host,
      ...(timing ? { watch: timing.watch } : {}),
    });
    const stopTiming = timing && reportTimingOnSignal(timing, log);
    const database = sql;
    const listener = changes;
    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      port: http.port,
      sql,
      stop: () =>
        (stopping ??= (async () => {
          // Live streams never end by themselves: end them, or they would hold the close for its grace.
          events.close();
          await http.close(config.shutdownGraceMs);
          stopTiming?.();
          await listener.close();
          await database.close();
          await lock?.release();
        })()),
    };
  } catch (error) {
    await changes?.close().catch(() => undefined);
    await sql?.close().catch(() => undefined);
    await lock?.release();
    throw error;
  }
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}
