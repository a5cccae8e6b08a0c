import { Hono } from 'hono';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleAuth } from '../../server/auth/console-auth';
import { createAttemptLimits } from '../../server/auth/attempt-limits';
import { ensureAdmin } from '../../server/auth/ensure-admin';
import { emailKeyOf, type AuthStore } from '../../server/auth/types';
import { answerErrorWith, logToConsole } from '../../server/http/answers';
import { ErrorCode, HttpError } from '../../server/http/errors';
import { createAppUserService, type AppUserService } from '../../server/runtime/app-user-service';
import type { Store } from '../../server/store/store';
import { StoreConflictError } from '../../server/store/types';
import { testHasher, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/**
 * One fold of an email everywhere: the stored key, every look-up and the failed sign-in limit agree on
 * all three stores, so a variant of an address is the same account with the same bucket, or another
 * account with its own, never the same account with another bucket.
 */

const ADMIN = 'admin@example.com';
const KIM = 'kim@example.com';
/** Variants that fold onto ADMIN (or KIM): the same account. */
const SAME = ['ADMIN@Example.COM', '\uFF41dmin@example.com', '\uFF21\uFF24\uFF2D\uFF29\uFF2E@EXAMPLE.COM', ' Admin@example.com '];
/** Addresses that look like ADMIN but are others: U+0130 lower-cases to i and a combining dot, U+0131 stays dotless. */
const OTHERS = ['adm\u0130n@example.com', 'ADM\u0130N@example.com', 'adm\u0131n@example.com'];
const KELVIN = '\u212Aim@example.com';

let clock = Date.parse('2025-01-01T00:00:00.000Z');
let ids = 0;
const now = () => new Date(clock);
const newId = () => `id${(ids += 1)}`;

async function loginCode(service: AppUserService, login: string, password: string): Promise<number | 'ok' | 'refused'> {
  try {
    const result = await service.login({ login, password }, 'test');
    return 'refused' in result ? 'refused' : 'ok';
  } catch (error) {
    if (error instanceof HttpError) return error.code;
    throw error;
  }
}

describe.each(ALL_BACKENDS.map((make) => make()))('email keys on the $name store', (backend) => {
  let store: Store;
  let auth: AuthStore;
  let appUsers: AppUserService;
  beforeEach(async () => {
    ({ store, auth } = await backend.open(await testSeed()));
    clock += 60 * 60 * 1000;
    appUsers = createAppUserService({
      store,
      hasher: testHasher,
      now,
      newId,
      userSessionTtlMs: 60_000,
      attempts: createAttemptLimits({ now }),
    });
  });
  afterAll(() => backend.close());

  it("finds an app user by any variant that folds to the user's key, and by no other", async () => {
    const user = await store.createUser({ email: ADMIN, name: null, passwordHash: 'h' });
    const kim = await store.createUser({ email: KIM, name: null, passwordHash: 'k' });
    for (const variant of SAME) expect(await store.findCredentials(variant), variant).toEqual({ user, passwordHash: 'h' });
    expect(await store.findCredentials(KELVIN)).toEqual({ user: kim, passwordHash: 'k' });
    for (const other of OTHERS) expect(await store.findCredentials(other), other).toBeUndefined();
  });

  it('refuses to register a variant of an existing email, and registers a look-alike that is another address', async () => {
    await store.createUser({ email: ADMIN, name: null, passwordHash: 'h' });
    await store.createUser({ email: KIM, name: null, passwordHash: 'k' });
    for (const variant of [...SAME, KELVIN]) {
      await expect(store.createUser({ email: variant, name: null, passwordHash: 'x' }), variant).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      await expect(appUsers.register({ email: variant, password: 'x' }, 'test'), variant).rejects.toMatchObject({
        code: ErrorCode.userAlreadyExists,
      });
    }
    const dotted = await store.createUser({ email: 'adm\u0130n@example.com', name: null, passwordHash: 'd' });
    expect(await store.findCredentials('ADM\u0130N@EXAMPLE.COM')).toEqual({ user: dotted, passwordHash: 'd' });
    expect(await store.findCredentials(ADMIN)).toMatchObject({ passwordHash: 'h' });
  });

  it('signs a variant in to the same account, and a look-alike to none', async () => {
    await appUsers.register({ email: ADMIN, password: 'right' }, 'test');
    for (const variant of SAME) expect(await loginCode(appUsers, variant, 'right'), variant).toBe('ok');
    for (const other of OTHERS) expect(await loginCode(appUsers, other, 'right'), other).toBe(ErrorCode.invalidLogin);
  });

  it('gives all the variants of an address one bucket of failed logins', async () => {
    await appUsers.register({ email: ADMIN, password: 'right' }, 'test');
    for (const variant of [ADMIN, ...SAME])
      expect(await loginCode(appUsers, variant, 'wrong'), variant).toBe(ErrorCode.invalidLogin);
    expect(await loginCode(appUsers, '\uFF41DMIN@example.com', 'right')).toBe('refused');
    expect(await store.listLoginAttempts(`app:${emailKeyOf(ADMIN)}`, new Date(0))).toHaveLength(5);
  });

  it('finds an administrator by any variant of their email, and updates rather than duplicates one', async () => {
    const admin = await auth.saveAdmin({ id: 'a1', email: ADMIN, passwordHash: 'h1' });
    for (const variant of SAME) expect(await auth.findAdmin(variant), variant).toEqual({ admin, passwordHash: 'h1' });
    for (const other of OTHERS) expect(await auth.findAdmin(other), other).toBeUndefined();
    expect(await auth.saveAdmin({ id: 'a2', email: '\uFF21DMIN@example.com', passwordHash: 'h2' })).toEqual(admin);
    expect(await auth.findAdmin(ADMIN)).toEqual({ admin, passwordHash: 'h2' });
  });

  it('ensures the administrator of a variant of an existing email by updating that account', async () => {
    const made = await ensureAdmin({ authStore: auth, hasher: testHasher, email: ADMIN, password: 'one', newId });
    expect(made.action).toBe('created');
    const again = await ensureAdmin({
      authStore: auth,
      hasher: testHasher,
      email: '\uFF21DMIN@Example.com',
      password: 'two',
      newId,
    });
    expect(again).toMatchObject({ action: 'updated', admin: made.admin });
    const other = await ensureAdmin({
      authStore: auth,
      hasher: testHasher,
      email: 'adm\u0130n@example.com',
      password: 'three',
      newId,
    });
    expect(other.action).toBe('created');
    expect(other.admin.id).not.toBe(made.admin.id);
  });

  it('gives console sign-ins with variants of one email one bucket, and signs a variant in as the same administrator', async () => {
    const consoleAuth = createConsoleAuth({ authStore: auth, store, hasher: testHasher, now, newId });
    const app = new Hono().route('/', consoleAuth.routes).onError(answerErrorWith(logToConsole));
    await auth.saveAdmin({ id: 'a1', email: ADMIN, passwordHash: await testHasher.hash('right') });
    const signIn = async (email: string, password: string) => {
      const response = await app.request('/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      return { status: response.status, body: (await response.json()) as { admin?: { email: string } } };
    };
    expect(await signIn('\uFF21dmin@example.com', 'right')).toMatchObject({ status: 200, body: { admin: { email: ADMIN } } });
    expect((await signIn('adm\u0130n@example.com', 'right')).status).toBe(401);
    for (const variant of [ADMIN, ...SAME]) expect((await signIn(variant, 'wrong')).status, variant).toBe(401);
    expect((await signIn('ADMIN@EXAMPLE.COM', 'right')).status).toBe(429);
  });
});
