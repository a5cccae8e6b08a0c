import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { createPbkdf2Hasher } from '../../server/auth/password-hasher';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { DEMO_LOGIN, generateSeed } from '../../server/seed/demo';
import { createMemoryStore, MAX_ACTIVATIONS_PER_FLOW, type StoreDelta } from '../../server/store/memory/memory-store';
import type { Activation } from '../../server/access/activation-store';
import { LIVE_FLOW, testSeed } from './support/backend';

function attempt(index: number): Activation {
  return {
    id: `a${index}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    flowId: LIVE_FLOW.id,
    user: null,
    roles: ['NonAuthenticatedUser', 'RestUser'],
    channel: 'REST',
    sessionSource: null,
    decision: { value: 'grant', level: 'default' },
    outcome: 'started',
    executionId: `e${index}`,
  };
}

describe('the memory store', () => {
  it('keeps registered users, sessions, app-wide values and activations in its delta, so they survive a reload', async () => {
    const seed = await testSeed();
    let saved: StoreDelta | undefined;
    const store = createMemoryStore(seed, { onChange: (delta) => (saved = structuredClone(delta)) });
    const user = await store.createUser({ email: 'Reg@Example.com', name: 'Reg', passwordHash: 'hash' });
    await store.createSession({
      tokenHash: 't1',
      userId: user.id,
      login: 'password',
      createdAt: '2025-01-01T00:00:00.000Z',
      expiresAt: '2025-01-31T00:00:00.000Z',
    });
    await store.setAppWideValue('Manager', 'deny');
    await store.recordActivation(attempt(1));

    const reloaded = createMemoryStore(seed, { delta: JSON.parse(JSON.stringify(saved)) as StoreDelta });
    expect(await reloaded.getUser(user.id)).toEqual(user);
    expect(await reloaded.findCredentials('reg@example.com')).toEqual({ user, passwordHash: 'hash' });
    expect(await reloaded.getSession('t1')).toMatchObject({ userId: user.id });
    expect(await reloaded.getAppWideValues()).toEqual(new Map([['Manager', 'deny']]));
    expect((await reloaded.listActivations(LIVE_FLOW.id, { offset: 0, limit: 10 })).items).toEqual([attempt(1)]);
    expect((await reloaded.listUsers({ search: 'reg@', offset: 0, limit: 10 })).items).toEqual([user]);
    await expect(reloaded.createUser({ email: 'reg@example.com', name: null, passwordHash: 'x' })).rejects.toThrow(
      'already exists',
    );
  });

  it('keeps only the latest activations per flow, newest first', async () => {
    const store = createMemoryStore(await testSeed());
    for (let index = 0; index < MAX_ACTIVATIONS_PER_FLOW + 5; index++) await store.recordActivation(attempt(index));
    const page = await store.listActivations(LIVE_FLOW.id, { offset: 0, limit: 2 });
    expect(page.total).toBe(MAX_ACTIVATIONS_PER_FLOW);
    expect(page.items.map((item) => item.id)).toEqual([`a${MAX_ACTIVATIONS_PER_FLOW + 4}`, `a${MAX_ACTIVATIONS_PER_FLOW + 3}`]);
  });

  it('loads a delta saved before these fields existed', async () => {
    const old = { flowNames: {}, deletedFlows: [], values: {} };
    const store = createMemoryStore(await testSeed(), { delta: old });
    expect(await store.getAppWideValues()).toEqual(new Map());
    expect((await store.listActivations(LIVE_FLOW.id, { offset: 0, limit: 1 })).total).toBe(0);
  });

  it('forgets logged-out sessions and the activations of a deleted flow', async () => {
    const store = createMemoryStore(await testSeed());
    await store.createSession({
      tokenHash: 't1',
      userId: 'u_plain',
      login: 'password',
      createdAt: '2025-01-01T00:00:00.000Z',
      expiresAt: '2025-01-31T00:00:00.000Z',
    });
    await store.deleteSession('t1');
    expect(await store.getSession('t1')).toBeUndefined();
    await store.recordActivation(attempt(1));
    await store.setFlowStatus(LIVE_FLOW.id, 'READY');
    await store.deleteFlow(LIVE_FLOW.id);
    expect((await store.listActivations(LIVE_FLOW.id, { offset: 0, limit: 1 })).total).toBe(0);
  });
});

describe('the demo seed', () => {
  it('keeps its 300 users, the last being the demo login, who can log in and is denied where Support is', async () => {
    const seed = generateSeed();
    expect(seed.users).toHaveLength(300);
    expect(seed.users.at(-1)).toMatchObject({ email: DEMO_LOGIN.email, roles: ['Manager', 'Support'] });
    const app = createApp({ store: createMemoryStore(seed), keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth() });
    const post = (path: string, body: unknown, token?: string) =>
      app.fetch(
        new Request(`http://demo.test/api${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { 'user-token': token } : {}) },
          body: JSON.stringify(body),
        }),
      );
    const login = await post('/users/login', { login: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as Record<string, string>)['user-token'];
    // fl_0001 grants Manager; fl_0003 denies Support.
    expect((await post('/automation/flow/activate-by-name', { name: 'Send Welcome Email' }, token)).status).toBe(200);
    expect((await post('/automation/flow/activate-by-name', { name: 'Sync CRM Contacts' }, token)).status).toBe(403);
  });
});

describe('the PBKDF2 password hasher', () => {
  it('salts, verifies and refuses, and reads the iterations from the stored value', async () => {
    const fast = createPbkdf2Hasher({ iterations: 1_000 });
    const first = await fast.hash('s3cret');
    const second = await fast.hash('s3cret');
    expect(first).not.toBe(second);
    expect(first).not.toContain('s3cret');
    expect(first.startsWith('pbkdf2-sha256$1000$')).toBe(true);
    expect(await fast.verify('s3cret', first)).toBe(true);
    expect(await fast.verify('s3cret!', first)).toBe(false);
    expect(await createPbkdf2Hasher({ iterations: 2_000 }).verify('s3cret', first)).toBe(true);
    expect(await fast.verify('s3cret', 'garbage')).toBe(false);
  });
});
