import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME } from '../../server/node/db/postgres';
import type { RunningServer } from '../../server/node/start';
import { startServer } from '../../server/node/start';
import { LIVE_FLOW, SEEDED_USERS, testHasher, testSeed } from './support/backend';
import { createTestDatabase } from './support/stores';
import { call, signIn, testConfig } from './support/server';

/**
 * Two instances of the real server over one PostgreSQL database, in this process: decisions come
 * from each instance's memory, and a change made through one is enforced by the other within a
 * second (LISTEN/NOTIFY), also after the other's notification connection was cut and came back.
 */

const until = async (condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const activate = (server: RunningServer, headers: Record<string, string> = {}) =>
  call(server.url, 'POST', '/api/automation/flow/activate-by-name', {
    body: { name: LIVE_FLOW.name, initialData: {} },
    headers,
  }).then((answer) => answer.status);

const listenerPids = async (admin: pg.Client) =>
  new Set(
    (
      await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
        LISTENER_APPLICATION_NAME,
      ])
    ).rows.map((row) => row.pid),
  );

describe('two server instances over one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: pg.Client;
  let a: RunningServer;
  let b: RunningServer;
  let bListener: number;
  const bLog: string[] = [];
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new pg.Client(database.url);
    await admin.connect();
    const seed = await testSeed();
    a = await startServer(testConfig({ databaseUrl: database.url }), { hasher: testHasher, log: () => undefined, seed });
    const before = await listenerPids(admin);
    // B listens again only after 1.5 s, so that a change can be made while it is deaf.
    b = await startServer(testConfig({ databaseUrl: database.url }), {
      hasher: testHasher,
      log: (line) => bLog.push(line),
      seed,
      changes: { retryMs: 1_500 },
    });
    const pids = [...(await listenerPids(admin))].filter((pid) => !before.has(pid));
    expect(pids).toHaveLength(1);
    bListener = pids[0] ?? 0;
    token = await signIn(a.url);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await admin?.end();
    await database?.drop();
  });

  const setRole = (role: string, value: 'grant' | 'deny' | null) =>
    call(a.url, 'PUT', `/api/console/flows/${LIVE_FLOW.id}/permissions/roles/${role}`, { token, body: { value } });

  it('a role denied through A is refused by B within a second', async () => {
    // B has decided (and kept) a grant for anonymous callers.
    expect(await activate(b)).toBe(200);
    expect(await activate(b)).toBe(200);
    expect((await setRole('NonAuthenticatedUser', 'deny')).status).toBe(200);
    const acknowledged = Date.now();
    // A, which wrote it, enforces it at once.
    expect(await activate(a)).toBe(403);
    await until(async () => (await activate(b)) === 403, 'B to refuse');
    expect(Date.now() - acknowledged).toBeLessThan(1_000);
    expect((await setRole('NonAuthenticatedUser', null)).status).toBe(200);
    await until(async () => (await activate(b)) === 200, 'B to allow again');
  });

  it('a batch write through A is enforced by B within a second', async () => {
    expect(await activate(b)).toBe(200);
    const batch = (value: 'deny' | null) =>
      call(a.url, 'POST', '/api/console/permissions/batch', {
        token,
        body: { changes: [{ flowId: LIVE_FLOW.id, principal: { kind: 'role', name: 'NonAuthenticatedUser' }, value }] },
      });
    expect((await batch('deny')).status).toBe(200);
    const acknowledged = Date.now();
    expect(await activate(a)).toBe(403);
    await until(async () => (await activate(b)) === 403, 'B to refuse');
    expect(Date.now() - acknowledged).toBeLessThan(1_000);
    expect((await batch(null)).status).toBe(200);
    await until(async () => (await activate(b)) === 200, 'B to allow again');
  });

  it("users' values written together through A (one group) are each enforced by A at once and by B within a second", async () => {
    const users = [SEEDED_USERS.manager, SEEDED_USERS.twoRoles];
    const tokens = await Promise.all(
      users.map(async (user) => {
        const login = await call(b.url, 'POST', '/api/users/login', { body: { login: user.email, password: user.password } });
        return { 'user-token': (login.body as { 'user-token': string })['user-token'] };
      }),
    );
    for (const headers of tokens) expect(await activate(b, headers)).toBe(200);
    const setUsers = (value: 'deny' | null) =>
      Promise.all(
        users.map((user) =>
          call(a.url, 'PUT', `/api/console/flows/${LIVE_FLOW.id}/permissions/users/${user.id}`, { token, body: { value } }),
        ),
      );
    expect((await setUsers('deny')).map((answer) => answer.status)).toEqual([200, 200]);
    const acknowledged = Date.now();
    for (const headers of tokens) expect(await activate(a, headers)).toBe(403);
    for (const headers of tokens) await until(async () => (await activate(b, headers)) === 403, 'B to refuse each user');
    expect(Date.now() - acknowledged).toBeLessThan(1_000);
    expect((await setUsers(null)).map((answer) => answer.status)).toEqual([200, 200]);
    for (const headers of tokens) await until(async () => (await activate(b, headers)) === 200, 'B to allow each user again');
  });

  it("a logged-in user's role change through A is enforced by B", async () => {
    const login = await call(b.url, 'POST', '/api/users/login', {
      body: { login: SEEDED_USERS.manager.email, password: SEEDED_USERS.manager.password },
    });
    const userToken = (login.body as { 'user-token': string })['user-token'];
    const asManager = { 'user-token': userToken };
    expect(await activate(b, asManager)).toBe(200);
    expect((await setRole('Manager', 'deny')).status).toBe(200);
    await until(async () => (await activate(b, asManager)) === 403, 'B to refuse the Manager');
    expect((await setRole('Manager', null)).status).toBe(200);
    await until(async () => (await activate(b, asManager)) === 200, 'B to allow the Manager again');
    // Logging out through A ends the token on B too.
    expect((await call(a.url, 'GET', '/api/users/logout', { headers: asManager })).status).toBeLessThan(300);
    await until(async () => (await activate(b, asManager)) === 401, 'B to refuse the ended token');
  });

  it('a console session signed out through A is refused by B within a second (B keeps sessions in memory)', async () => {
    const session = await signIn(b.url);
    const flowsOnB = async () =>
      (await call(b.url, 'GET', '/api/console/flows?search=&offset=0&limit=1', { token: session })).status;
    expect(await flowsOnB()).toBe(200);
    expect(await flowsOnB()).toBe(200);
    expect((await call(a.url, 'POST', '/api/console/auth/sign-out', { token: session })).status).toBeLessThan(300);
    const signedOut = Date.now();
    await until(async () => (await flowsOnB()) === 401, 'B to refuse the ended session');
    expect(Date.now() - signedOut).toBeLessThan(1_000);
  });

  it("a value set while B's notification connection was cut is enforced once it is back", async () => {
    expect(await activate(b)).toBe(200);
    const lines = bLog.length;
    await admin.query('SELECT pg_terminate_backend($1, 5000)', [bListener]);
    await until(async () => bLog.slice(lines).some((line) => line.includes('notifications-lost')), 'B to notice');
    expect((await setRole('NonAuthenticatedUser', 'deny')).status).toBe(200);
    // Meanwhile B reads the database rather than what it kept.
    expect(await activate(b)).toBe(403);
    expect(bLog.slice(lines).some((line) => line.includes('notifications-back'))).toBe(false);
    await until(async () => bLog.slice(lines).some((line) => line.includes('notifications-back')), 'B to listen again');
    expect(await activate(b)).toBe(403);
    expect((await setRole('NonAuthenticatedUser', null)).status).toBe(200);
    await until(async () => (await activate(b)) === 200, 'B to allow again');
  });
});
