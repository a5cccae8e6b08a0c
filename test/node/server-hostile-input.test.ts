import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/node/start';
import { LIVE_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { call, signIn, startTestServer, tempDataDir, type Answer } from './support/server';

/**
 * Bad input over HTTP against the real server on PostgreSQL (PGlite): every answer is a `{ code, message }`
 * with a 4xx status, never a 500, and nothing the caller sent is echoed back unbounded.
 */

const data = tempDataDir();
let server: RunningServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ dataDir: data.dir }, await testSeed());
  token = await signIn(server.url);
});
afterAll(async () => {
  await server.stop();
  data.remove();
});

const HUGE = 'x'.repeat(400_000);

function expectRefused(answer: Answer, status = 400) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(status);
  expect(answer.body).toEqual({ code: expect.any(Number), message: expect.any(String) });
}

describe('a NUL byte', () => {
  const cases: [string, () => Promise<Answer>][] = [
    ['in a flow search', () => call(server.url, 'GET', '/api/console/flows?search=a%00b', { token })],
    [
      'in a user search',
      () => call(server.url, 'GET', `/api/console/flows/${LIVE_FLOW.id}/permissions/users?search=%00`, { token }),
    ],
    ['in a flow id', () => call(server.url, 'GET', '/api/console/flows/fl%00x', { token })],
    [
      'in a new name',
      () => call(server.url, 'PATCH', `/api/console/flows/${LIVE_FLOW.id}`, { token, body: { name: 'a\u0000b' } }),
    ],
    ['in a login', () => call(server.url, 'POST', '/api/users/login', { body: { login: 'a\u0000@example.com', password: 'x' } })],
    [
      'in a registration',
      () => call(server.url, 'POST', '/api/users/register', { body: { email: 'a\u0000@example.com', password: 'secret-1' } }),
    ],
    [
      'in a sign-in',
      () => call(server.url, 'POST', '/api/console/auth/sign-in', { body: { email: 'a\u0000@example.com', password: 'x' } }),
    ],
    [
      'in a flow name to start',
      () => call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: 'a\u0000' } }),
    ],
    ['in a flow id to start', () => call(server.url, 'POST', '/api/automation/flow/fl%00/activate', { body: {} })],
  ];
  it.each(cases)('%s is a 400, not a 500', async (_name, send) => {
    expectRefused(await send());
  });
});

describe('a malformed percent-encoding in the path', () => {
  it.each([
    '/%zz/key/automation/flow/activate-by-name',
    '/api/automation/flow/%zz/activate',
    '/api/automation/flow/%E0%A4%A/activate',
  ])('%s is a 400', async (path) => {
    expectRefused(await call(server.url, 'POST', path, { token, body: { name: 'x' } }));
  });
});

describe('strings over their bounds', () => {
  it('refuses a 400 KB login, email, password or search with 400', async () => {
    expectRefused(await call(server.url, 'POST', '/api/users/login', { body: { login: HUGE, password: 'x' } }));
    expectRefused(
      await call(server.url, 'POST', '/api/users/login', { body: { login: SEEDED_USERS.plain.email, password: HUGE } }),
    );
    expectRefused(
      await call(server.url, 'POST', '/api/users/register', { body: { email: `${HUGE}@example.com`, password: 'secret-1' } }),
    );
    expectRefused(await call(server.url, 'POST', '/api/users/register', { body: { email: 'new@example.com', password: HUGE } }));
    expectRefused(await call(server.url, 'GET', `/api/console/flows?search=${'y'.repeat(5_000)}`, { token }));
  });

  it('never echoes a long flow name back', async () => {
    const answer = await call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: HUGE } });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.stringify(answer.body).length).toBeLessThan(500);
  });
});

describe('Idempotency-Key', () => {
  it('reused with a different body is a 422, and changes nothing', async () => {
    const path = `/api/console/flows/${LIVE_FLOW.id}/permissions/users/${SEEDED_USERS.plain.id}`;
    const headers = { 'idempotency-key': 'write-reused-1' };
    expect((await call(server.url, 'PUT', path, { token, headers, body: { value: 'grant' } })).status).toBe(200);
    expect((await call(server.url, 'PUT', path, { token, headers, body: { value: 'grant' } })).status).toBe(200);
    const reused = await call(server.url, 'PUT', path, { token, headers, body: { value: 'deny' } });
    expectRefused(reused, 422);
    expect((await call(server.url, 'GET', path, { token })).body).toMatchObject({ value: 'grant' });
  });
});
