import { afterAll, beforeAll, describe } from 'vitest';
import { resetDatabase } from '../../server/store/postgres/pg-seed';
import type { RunningServer } from '../../server/node/start';
import { testSeed } from './support/backend';
import { describeSdkSuite } from './support/sdk-suite';
import { call, signIn, startTestServer, tempDataDir } from './support/server';
import { createTestDatabase } from './support/stores';

/** The Backendless SDK suite against `npm run serve` (in this process): over PGlite and over PostgreSQL. */

const backends = [
  {
    name: 'PGlite',
    async start() {
      const data = tempDataDir();
      return { config: { dataDir: data.dir }, cleanup: async () => data.remove() };
    },
  },
  {
    name: 'PostgreSQL',
    async start() {
      const database = await createTestDatabase();
      return { config: { databaseUrl: database.url }, cleanup: () => database.drop() };
    },
  },
];

describe.each(backends)('the HTTP server over $name', ({ start }) => {
  let server: RunningServer;
  let token: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const started = await start();
    cleanup = started.cleanup;
    server = await startTestServer(started.config, await testSeed());
    token = await signIn(server.url);
  });
  afterAll(async () => {
    await server.stop();
    await cleanup();
  });

  describeSdkSuite(async () => {
    await resetDatabase(server.sql, await testSeed(), { keepConsoleAccounts: true });
    return {
      url: server.url,
      console: async (method, path, body) => {
        const answer = await call(server.url, method, `/api/console${path}`, { token, body });
        return { status: answer.status, body: answer.body };
      },
      close: async () => undefined,
    };
  });
});
