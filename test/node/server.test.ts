import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../server/errors';
import { DataDirLockedError } from '../../server/node/data-dir-lock';
import { resetDatabase } from '../../server/node/store/pg-seed';
import { startServer, StartError, type RunningServer } from '../../server/node/start';
import { LIVE_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ADMIN, call, signIn, startTestServer, tempDataDir, testConfig } from './support/server';

/** `npm run serve` in this process, over PGlite: sign-in, management, the edge. */

const data = tempDataDir();
let server: RunningServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ dataDir: data.dir, sessionTtlMs: 60 * 60_000 }, await testSeed());
});
afterAll(async () => {
  await server.stop();
  data.remove();
});
beforeEach(async () => {
  await resetDatabase(server.sql, await testSeed(), { keepConsoleAccounts: true });
  token = await signIn(server.url);
});

const appUserToken = async () => {
  const login = await call(server.url, 'POST', '/api/users/login', {
    body: { login: SEEDED_USERS.plain.email, password: SEEDED_USERS.plain.password },
  });
  return (login.body as Record<string, string>)['user-token'] ?? '';
};

describe('console sign-in', () => {
  it('answers 401 without a token, 403 for an app user, and 200 for an administrator', async () => {
    const flows = (as?: string) => call(server.url, 'GET', '/api/console/flows', as === undefined ? {} : { token: as });
    expect(await flows()).toMatchObject({ status: 401, body: { code: ErrorCode.signInRequired } });
    expect((await flows()).headers.get('www-authenticate')).toBe('Bearer');
    expect(await flows('not-a-token')).toMatchObject({ status: 401, body: { code: ErrorCode.signInRequired } });
    expect(await flows(await appUserToken())).toMatchObject({ status: 403, body: { code: ErrorCode.notAnAdministrator } });
    expect(await flows(token)).toMatchObject({ status: 200, body: { total: 3 } });
    expect(await call(server.url, 'GET', '/api/console/auth/session', { token })).toMatchObject({
      status: 200,
      body: { admin: { email: ADMIN.email }, expiresAt: expect.any(String) },
    });
  });

  it('refuses a wrong password, and signs out', async () => {
    const wrong = await call(server.url, 'POST', '/api/console/auth/sign-in', { body: { email: ADMIN.email, password: 'nope' } });
    expect(wrong).toMatchObject({ status: 401, body: { code: ErrorCode.wrongCredentials, message: 'Wrong email or password' } });
    const app = SEEDED_USERS.plain;
    const appUser = await call(server.url, 'POST', '/api/console/auth/sign-in', { body: { email: app.email, password: app.password } });
    expect(appUser.status).toBe(401);

    expect((await call(server.url, 'POST', '/api/console/auth/sign-out', { token })).status).toBe(204);
    expect((await call(server.url, 'GET', '/api/console/flows', { token })).status).toBe(401);
  });

  it('limits failed sign-ins per email, with Retry-After', async () => {
    const attempt = (password: string) =>
      call(server.url, 'POST', '/api/console/auth/sign-in', { body: { email: 'Someone@Example.com', password } });
    for (let index = 0; index < 5; index++) expect((await attempt('wrong')).status).toBe(401);
    const limited = await attempt('wrong');
    expect(limited).toMatchObject({ status: 429, body: { code: ErrorCode.tooManySignInAttempts } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other emails are not affected.
    expect((await signIn(server.url)).length).toBeGreaterThan(20);
  });

  it('ends a session at its expiry', async () => {
    const quick = tempDataDir();
    const short = await startTestServer({ dataDir: quick.dir, sessionTtlMs: 1_000 }, null);
    try {
      const early = await signIn(short.url);
      expect((await call(short.url, 'GET', '/api/console/flows', { token: early })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await call(short.url, 'GET', '/api/console/flows', { token: early })).toMatchObject({
        status: 401,
        body: { code: ErrorCode.signInRequired, message: 'Your session has expired or ended: sign in again' },
      });
    } finally {
      await short.stop();
      quick.remove();
    }
  });
});

describe('management through the console API', () => {
  const api = (method: string, path: string, body?: unknown) => call(server.url, method, `/api/console${path}`, { token, body });

  it('creates a flow, sets its status, and the runtime follows', async () => {
    const created = await api('POST', '/flows', { name: 'Nightly Export', description: 'Exports orders' });
    expect(created).toMatchObject({ status: 201, body: { name: 'Nightly Export', status: 'NOT READY', id: expect.any(String) } });
    const { id } = created.body as { id: string };
    expect(await api('POST', '/flows', { name: 'nightly export' })).toMatchObject({ status: 409, body: { code: ErrorCode.flowNameTaken } });
    const activate = () => call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: 'Nightly Export' } });
    expect((await activate()).status).toBe(400);
    expect(await api('PUT', `/flows/${id}/status`, { status: 'LIVE' })).toMatchObject({ status: 200, body: { status: 'LIVE' } });
    expect((await activate()).status).toBe(200);
    expect(await api('PUT', `/flows/${id}/status`, { status: 'PAUSED' })).toMatchObject({ status: 400 });
    expect((await api('DELETE', `/flows/${id}`)).status).toBe(409);
  });

  it('creates and deletes custom roles, gives users roles, and the runtime follows', async () => {
    expect(await api('POST', '/roles', { name: 'Interns', description: 'Summer interns' })).toMatchObject({
      status: 201,
      body: { name: 'Interns', userCount: 0 },
    });
    expect(await api('POST', '/roles', { name: 'interns' })).toMatchObject({ status: 409, body: { code: ErrorCode.roleNameTaken } });
    expect(await api('POST', '/roles', { name: 'JSUser' })).toMatchObject({ status: 409 });
    expect(await api('POST', '/roles', { name: '9 lives' })).toMatchObject({ status: 400 });

    expect(await api('PUT', `/users/${SEEDED_USERS.plain.id}/roles`, { roles: ['Interns'] })).toMatchObject({
      status: 200,
      body: { id: SEEDED_USERS.plain.id, roles: ['Interns'] },
    });
    expect(await api('PUT', `/users/${SEEDED_USERS.plain.id}/roles`, { roles: ['Nope'] })).toMatchObject({
      status: 404,
      body: { code: ErrorCode.roleNotFound },
    });
    expect(await api('GET', '/roles')).toMatchObject({ body: { items: expect.arrayContaining([{ name: 'Interns', description: 'Summer interns', userCount: 1 }]) } });
    expect((await api('PUT', `/flows/${LIVE_FLOW.id}/permissions/roles/Interns`, { value: 'deny' })).status).toBe(200);

    const userToken = await appUserToken();
    const activate = () =>
      call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: LIVE_FLOW.name }, headers: { 'user-token': userToken } });
    expect((await activate()).status).toBe(403);
    expect((await api('DELETE', '/roles/Interns')).status).toBe(204);
    expect((await activate()).status).toBe(200);
    expect(await api('GET', `/users?search=cleo`)).toMatchObject({ body: { items: [{ id: SEEDED_USERS.plain.id, roles: [] }] } });
    expect(await api('DELETE', '/roles/Interns')).toMatchObject({ status: 404 });
    expect(await api('DELETE', '/roles/AuthenticatedUser')).toMatchObject({ status: 400 });
  });
});

describe('the edge', () => {
  it('answers unknown routes, malformed JSON and large bodies with { code, message }', async () => {
    expect(await call(server.url, 'GET', '/api/nope')).toMatchObject({ status: 404, body: { code: ErrorCode.notFound } });
    expect(await call(server.url, 'GET', '/api/console/nope', { token })).toMatchObject({ status: 404, body: { code: ErrorCode.notFound } });
    const malformed = await call(server.url, 'PUT', `/api/console/flows/${LIVE_FLOW.id}/permissions/roles/Sales`, { token, body: '{"value":' });
    expect(malformed).toMatchObject({ status: 400, body: { code: ErrorCode.malformedJson } });
    const big = JSON.stringify({ name: LIVE_FLOW.name, initialData: { blob: 'x'.repeat(1024 * 1024) } });
    const large = await call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: big });
    expect(large).toMatchObject({ status: 413, body: { code: ErrorCode.bodyTooLarge, message: expect.any(String) } });
    for (const answer of [malformed, large]) expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts|node_modules/);
  });

  it('opens CORS for the runtime API and keeps it closed for the console API', async () => {
    const preflight = (path: string) =>
      fetch(server.url + path, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const runtime = await preflight('/api/automation/flow/activate-by-name');
    expect(runtime.headers.get('access-control-allow-origin')).toBe('*');
    const consoleApi = await preflight('/api/console/flows');
    expect(consoleApi.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${server.url}/api/console/flows`, { headers: { origin: 'https://evil.example.com', authorization: `Bearer ${token}` } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the built console at / and its assets', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(server.url + (asset ?? ''));
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
  });
});

describe('starting', () => {
  it('refuses a DATA_DIR another server has open', async () => {
    await expect(startTestServer({ dataDir: data.dir })).rejects.toBeInstanceOf(DataDirLockedError);
  });

  it('refuses to start without the built console', async () => {
    const empty = tempDataDir();
    const missing = join(empty.dir, 'dist');
    try {
      await expect(startServer(testConfig({ distDir: missing }), { log: () => undefined })).rejects.toThrow(StartError);
      await expect(startServer(testConfig({ distDir: missing }), { log: () => undefined })).rejects.toThrow('run `npm run build`');
    } finally {
      empty.remove();
    }
  });

  it('gives a new database the demo dataset, or nothing with SEED=none, and keeps what it has on restart', async () => {
    const dir = tempDataDir();
    try {
      const empty = await startTestServer({ dataDir: dir.dir, seed: 'none' });
      const flows = async (url: string) => ((await call(url, 'GET', '/api/console/flows', { token: await signIn(url) })).body as { total: number }).total;
      expect(await flows(empty.url)).toBe(0);
      await empty.stop();
      const again = await startTestServer({ dataDir: dir.dir, seed: 'demo' });
      expect(await flows(again.url)).toBe(0);
      await again.stop();
    } finally {
      dir.remove();
    }
    const demo = tempDataDir();
    try {
      const seeded = await startTestServer({ dataDir: demo.dir, seed: 'demo' });
      const answer = await call(seeded.url, 'GET', '/api/console/flows', { token: await signIn(seeded.url) });
      expect(answer.body).toMatchObject({ total: 12, items: expect.arrayContaining([expect.objectContaining({ name: 'Send Welcome Email' })]) });
      await seeded.stop();
    } finally {
      demo.remove();
    }
  });
});
