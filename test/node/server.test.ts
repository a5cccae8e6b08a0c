import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appKeysSchema } from '../../contract/manage';
import { hashToken } from '../../server/auth/console-auth';
import { ErrorCode } from '../../server/http/errors';
import { ConfigError, readConfig } from '../../server/node/config';
import { DataDirLockedError } from '../../server/node/data-dir-lock';
import { resetDatabase } from '../../server/store/postgres/pg-seed';
import type { RunningServer } from '../../server/node/start';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { LIVE_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ADMIN, call, signIn, startTestServer, tempDataDir } from './support/server';

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
    const appUser = await call(server.url, 'POST', '/api/console/auth/sign-in', {
      body: { email: app.email, password: app.password },
    });
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

  it('counts parallel wrong sign-ins: at most five are checked, the rest get 429', async () => {
    const attempt = (password: string) =>
      call(server.url, 'POST', '/api/console/auth/sign-in', { body: { email: ADMIN.email, password } });
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt('wrong')));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(7);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // The right password is refused too until the failures age out.
    expect((await attempt(ADMIN.password)).status).toBe(429);
    await server.sql.query('DELETE FROM login_attempts');
    expect((await attempt(ADMIN.password)).status).toBe(200);
  });
});

describe('runtime login', () => {
  const login = (password: string, email: string = SEEDED_USERS.plain.email) =>
    call(server.url, 'POST', '/api/users/login', { body: { login: email, password } });

  it('keeps only a hash of each user-token, and ends it at its expiry or logout', async () => {
    const answer = await login(SEEDED_USERS.plain.password);
    const userToken = (answer.body as Record<string, string>)['user-token'] ?? '';
    expect(userToken.length).toBeGreaterThanOrEqual(40);
    const rows = await server.sql.query<{ token_hash: string; expires_at: unknown }>(
      'SELECT token_hash, expires_at FROM sessions',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toContain(userToken);
    expect(rows[0]?.token_hash).toBe(await hashToken(userToken));
    const days = (Date.parse(String(new Date(rows[0]?.expires_at as string))) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const activate = () =>
      call(server.url, 'POST', '/api/automation/flow/activate-by-name', {
        body: { name: LIVE_FLOW.name },
        headers: { 'user-token': userToken },
      });
    expect((await activate()).status).toBe(200);
    // Another connection cuts the session short: every instance hears of it (within 1 s, as for any
    // change made elsewhere), and the token is refused from then on.
    await server.sql.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    await expect.poll(async () => (await activate()).status, { timeout: 2_000, interval: 50 }).toBe(401);
    expect(await activate()).toMatchObject({ status: 401, body: { code: ErrorCode.invalidUserToken } });
  });

  it('limits failed logins per email: 3003, then 429 with code 3036 and Retry-After, parallel guesses included', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => login('wrong')));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(7);
    expect(answers.find((answer) => answer.status === 401)).toMatchObject({ body: { code: ErrorCode.invalidLogin } });
    const limited = await login(SEEDED_USERS.plain.password);
    expect(limited).toMatchObject({ status: 429, body: { code: ErrorCode.tooManyLoginAttempts } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other emails are not affected; a success clears the email's failures.
    expect((await login(SEEDED_USERS.manager.password, SEEDED_USERS.manager.email)).status).toBe(200);
    expect((await login('wrong', SEEDED_USERS.manager.email)).status).toBe(401);
    expect((await login(SEEDED_USERS.manager.password, SEEDED_USERS.manager.email)).status).toBe(200);
  });
});

describe('app keys', () => {
  it('answers the keys to administrators only', async () => {
    expect((await call(server.url, 'GET', '/api/console/app-keys')).status).toBe(401);
    const answer = await call(server.url, 'GET', '/api/console/app-keys', { token });
    expect(answer.status).toBe(200);
    // This server's database has the demo dataset, so it has the demo keys.
    expect(appKeysSchema.parse(answer.body)).toEqual(DEMO_APP_KEYS);
  });

  it('reads APP_ID and API_KEYS, refusing what is not a key', () => {
    expect(readConfig({ APP_ID: 'X1', API_KEYS: '{"JS":"0123456789abcdef0"}' }).appKeys).toEqual({
      appId: 'X1',
      apiKeys: { JS: '0123456789abcdef0' },
    });
    expect(readConfig({}).appKeys).toEqual({ appId: undefined, apiKeys: undefined });
    expect(() => readConfig({ API_KEYS: 'REST=x' })).toThrow(ConfigError);
    expect(() => readConfig({ API_KEYS: '{"Web":"0123456789abcdef0"}' })).toThrow('unknown channel');
    expect(() => readConfig({ API_KEYS: '{"JS":"short"}' })).toThrow('at least 16');
  });
});

describe('management through the console API', () => {
  const api = (method: string, path: string, body?: unknown) => call(server.url, method, `/api/console${path}`, { token, body });

  it('creates a flow, sets its status, and the runtime follows', async () => {
    const created = await api('POST', '/flows', { name: 'Nightly Export', description: 'Exports orders' });
    expect(created).toMatchObject({ status: 201, body: { name: 'Nightly Export', status: 'NOT READY', id: expect.any(String) } });
    const { id } = created.body as { id: string };
    expect(await api('POST', '/flows', { name: 'nightly export' })).toMatchObject({
      status: 409,
      body: { code: ErrorCode.flowNameTaken },
    });
    const activate = () =>
      call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: 'Nightly Export' } });
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
    expect(await api('POST', '/roles', { name: 'interns' })).toMatchObject({
      status: 409,
      body: { code: ErrorCode.roleNameTaken },
    });
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
    expect(await api('GET', '/roles')).toMatchObject({
      body: { items: expect.arrayContaining([{ name: 'Interns', description: 'Summer interns', userCount: 1 }]) },
    });
    expect((await api('PUT', `/flows/${LIVE_FLOW.id}/permissions/roles/Interns`, { value: 'deny' })).status).toBe(200);

    const userToken = await appUserToken();
    const activate = () =>
      call(server.url, 'POST', '/api/automation/flow/activate-by-name', {
        body: { name: LIVE_FLOW.name },
        headers: { 'user-token': userToken },
      });
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
    expect(await call(server.url, 'GET', '/api/console/nope', { token })).toMatchObject({
      status: 404,
      body: { code: ErrorCode.notFound },
    });
    const malformed = await call(server.url, 'PUT', `/api/console/flows/${LIVE_FLOW.id}/permissions/roles/Sales`, {
      token,
      body: '{"value":',
    });
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
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const runtime = await preflight('/api/automation/flow/activate-by-name');
    expect(runtime.headers.get('access-control-allow-origin')).toBe('*');
    const consoleApi = await preflight('/api/console/flows');
    expect(consoleApi.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${server.url}/api/console/flows`, {
      headers: { origin: 'https://evil.example.com', authorization: `Bearer ${token}` },
    });
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
});
