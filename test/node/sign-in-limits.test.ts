import { describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../server/app';
import { createConsoleAuth } from '../../server/auth/console-auth';
import { createMemoryAuthStore } from '../../server/auth/memory-auth-store';
import { ErrorCode } from '../../server/http/errors';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import { SEEDED_USERS, testHasher, testSeed } from './support/backend';

/** Sign-in, login and registration limits, over the memory store with an injected clock and caller address. */

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };

async function limitedApp(options: Partial<AppOptions> = {}) {
  let time = Date.parse('2026-12-02T10:00:00.000Z');
  const now = () => new Date(time);
  let counter = 0;
  const newId = () => `id-${++counter}`;
  const store = createMemoryStore(await testSeed());
  const authStore = createMemoryAuthStore();
  await authStore.saveAdmin({ id: 'admin-1', email: ADMIN.email, passwordHash: await testHasher.hash(ADMIN.password) });
  const consoleAuth = createConsoleAuth({ authStore, store, hasher: testHasher, now, newId });
  const app = createApp({
    store,
    hasher: testHasher,
    keys: DEMO_APP_KEYS,
    consoleAuth,
    now,
    newId,
    clientAddress: (c) => c.req.header('x-test-from') ?? '192.0.2.1',
    ...options,
  });
  const send = async (
    path: string,
    { from = '192.0.2.1', body, headers = {} }: { from?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await app.fetch(
      new Request(`http://limits.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-from': from, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };
  const signIn = (password: string, from: string, headers: Record<string, string> = {}) =>
    send('/api/console/auth/sign-in', { from, body: { email: ADMIN.email, password }, headers });
  return { send, signIn, advance: (ms: number) => (time += ms) };
}

const retryAfter = (answer: { headers: Headers }) => Number(answer.headers.get('retry-after'));

describe('console sign-in limits', () => {
  it("slows a guesser's address without locking the administrator out from another", async () => {
    const { signIn, advance } = await limitedApp();
    for (let guess = 0; guess < 5; guess++) expect((await signIn('wrong', '203.0.113.9')).status).toBe(401);
    expect((await signIn(ADMIN.password, '198.51.100.7')).status).toBe(200);

    const first = await signIn('wrong', '203.0.113.9');
    expect(first).toMatchObject({ status: 429, body: { code: ErrorCode.tooManySignInAttempts } });
    expect(retryAfter(first)).toBeGreaterThan(0);
    // Once the wait is over one more guess is checked, and the next wait is twice as long.
    advance(retryAfter(first) * 1000);
    expect((await signIn('wrong', '203.0.113.9')).status).toBe(401);
    const second = await signIn('wrong', '203.0.113.9');
    expect(second.status).toBe(429);
    expect(retryAfter(second)).toBe(2 * retryAfter(first));
    // The right password from the guesser's address waits too.
    expect((await signIn(ADMIN.password, '203.0.113.9')).status).toBe(429);
  });

  it('lets a known client through when failures from many addresses hold the account', async () => {
    const { signIn } = await limitedApp();
    const before = await signIn(ADMIN.password, '198.51.100.7');
    expect(before.status).toBe(200);
    const cookie = /known_client=[^;]+/.exec(before.headers.get('set-cookie') ?? '')?.[0];
    expect(before.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(cookie).toBeDefined();

    for (let address = 0; address < 60; address++) await signIn('wrong', `203.0.113.${address}`);
    expect((await signIn(ADMIN.password, '198.51.100.99')).status).toBe(429);
    expect((await signIn(ADMIN.password, '198.51.100.99', { cookie: cookie ?? '' })).status).toBe(200);
    expect((await signIn(ADMIN.password, '198.51.100.99', { cookie: 'known_client=forged.value' })).status).toBe(429);
  });

  it('limits attempts per address, whatever the email', async () => {
    const { send } = await limitedApp();
    const statuses: number[] = [];
    for (let index = 0; index < 25; index++) {
      statuses.push(
        (
          await send('/api/console/auth/sign-in', {
            from: '203.0.113.5',
            body: { email: `n${index}@example.com`, password: 'x' },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    const limited = await send('/api/console/auth/sign-in', {
      from: '203.0.113.5',
      body: { email: 'other@example.com', password: 'x' },
    });
    expect(limited).toMatchObject({ status: 429, body: { code: ErrorCode.tooManyRequests } });
    expect(retryAfter(limited)).toBeGreaterThan(0);
    expect((await send('/api/console/auth/sign-in', { from: '203.0.113.6', body: ADMIN })).status).toBe(200);
  });

  it('answers a console body that is not JSON with 415', async () => {
    const { send } = await limitedApp();
    const plain = await send('/api/console/auth/sign-in', {
      body: JSON.stringify(ADMIN),
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain).toMatchObject({ status: 415, body: { code: ErrorCode.unsupportedMediaType } });
    const form = await send('/api/console/flows', {
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(
      (await send('/api/console/auth/sign-in', { body: ADMIN, headers: { 'content-type': 'application/json; charset=utf-8' } }))
        .status,
    ).toBe(200);
  });
});

describe('app users: login and registration limits', () => {
  it('slows failed logins per address and account, not the user elsewhere', async () => {
    const { send } = await limitedApp();
    const login = (password: string, from: string) =>
      send('/api/users/login', { from, body: { login: SEEDED_USERS.plain.email, password } });
    for (let guess = 0; guess < 5; guess++) expect((await login('wrong', '203.0.113.9')).status).toBe(401);
    expect(await login('wrong', '203.0.113.9')).toMatchObject({ status: 429, body: { code: ErrorCode.tooManyLoginAttempts } });
    expect((await login(SEEDED_USERS.plain.password, '198.51.100.7')).status).toBe(200);
  });

  it('answers an existing email with 409 (3033) without naming it', async () => {
    const { send } = await limitedApp();
    const taken = await send('/api/users/register', { body: { email: SEEDED_USERS.plain.email, password: 'pa55word' } });
    expect(taken).toMatchObject({ status: 409, body: { code: ErrorCode.userAlreadyExists } });
    expect(JSON.stringify(taken.body)).not.toContain(SEEDED_USERS.plain.email);
  });

  it('limits registrations per address and in all', async () => {
    const { send, advance } = await limitedApp();
    const register = (index: number, from: string) =>
      send('/api/users/register', { from, body: { email: `new-${index}@example.com`, password: 'pa55word' } });
    for (let index = 0; index < 10; index++) expect((await register(index, '203.0.113.1')).status).toBe(200);
    const limited = await register(10, '203.0.113.1');
    expect(limited).toMatchObject({ status: 429, body: { code: ErrorCode.tooManyRequests } });
    expect(retryAfter(limited)).toBeGreaterThan(0);

    advance(60 * 60_000);
    let created = 0;
    let refused = 0;
    for (let index = 100; index < 200; index++) {
      const status = (await register(index, `198.51.100.${index}`)).status;
      if (status === 200) created++;
      if (status === 429) refused++;
    }
    expect(created).toBe(60);
    expect(refused).toBe(40);
  });
});
