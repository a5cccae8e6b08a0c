import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/stores';
import { call, signIn, startServerProcess, startTestServer, tempDataDir, type ServerProcess } from './support/server';
import { LIVE_FLOW, SEEDED_USERS, testSeed } from './support/backend';

/**
 * Fifty clients each read one value, change it and write it back with If-Match, retrying on 412.
 * However the writes interleave, every 200 is one version and one history entry, nothing more or less,
 * with one server over PGlite and with two server processes over one PostgreSQL.
 */

const CLIENTS = 50;
const row = `/api/console/flows/${LIVE_FLOW.id}/permissions/users/${SEEDED_USERS.plain.id}`;

async function readModifyWrite(path: string, urls: readonly string[], tokens: readonly string[]) {
  let ok = 0;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const url = urls[client % urls.length] ?? '';
      const token = tokens[client % tokens.length] ?? '';
      for (let attempt = 0; attempt < 500; attempt++) {
        const read = await call(url, 'GET', path, { token });
        const value = (read.body as { value: string | null }).value;
        const write = await call(url, 'PUT', path, {
          token,
          body: { value: value === 'grant' ? 'deny' : 'grant' },
          headers: { 'if-match': read.headers.get('etag') ?? '' },
        });
        if (write.status === 200) return void ok++;
        expect(write.status).toBe(412);
        conflicts++;
      }
      throw new Error(`client ${client} never got its write in`);
    }),
  );
  return { ok, conflicts };
}

async function finalState(url: string, token: string, path: string, flowId: string) {
  const read = await call(url, 'GET', path, { token });
  const history = await call(url, 'GET', `/api/console/flows/${flowId}/history?limit=1`, { token });
  return { version: (read.body as { version: number }).version, historyEntries: (history.body as { total: number }).total };
}

describe('fifty read-modify-write clients with If-Match', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('one server over PGlite: final version = history entries = 200 answers', async () => {
    const data = tempDataDir();
    const server = await startTestServer({ dataDir: data.dir }, await testSeed());
    cleanup.push(data.remove, () => server.stop());
    const token = await signIn(server.url);
    const { ok, conflicts } = await readModifyWrite(row, [server.url], [token]);
    expect(ok).toBe(CLIENTS);
    expect(conflicts).toBeGreaterThan(0);
    expect(await finalState(server.url, token, row, LIVE_FLOW.id)).toEqual({ version: ok, historyEntries: ok });
  });

  it('two server processes over one PostgreSQL: the same', async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const servers: ServerProcess[] = [];
    cleanup.push(async () => {
      for (const server of servers) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    });
    // Started together: both migrate and seed one database, taking turns.
    servers.push(...(await Promise.all([0, 1].map(() => startServerProcess({ DATABASE_URL: database.url, SEED: 'demo' })))));
    const urls = servers.map((server) => server.url);
    const tokens = await Promise.all(urls.map((url) => signIn(url)));
    // The demo dataset's flow and user: the test seed is for in-process servers.
    const demoRow = '/api/console/flows/fl_0001/permissions/users/u_000001';
    expect((await call(urls[1] ?? '', 'GET', demoRow, { token: tokens[0] ?? '' })).status).toBe(200);
    const { ok, conflicts } = await readModifyWrite(demoRow, urls, tokens);
    expect(ok).toBe(CLIENTS);
    expect(conflicts).toBeGreaterThan(0);
    for (const [index, url] of urls.entries()) {
      expect(await finalState(url, tokens[index] ?? '', demoRow, 'fl_0001')).toEqual({ version: ok, historyEntries: ok });
    }
  });
});
