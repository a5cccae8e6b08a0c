import { beforeEach, describe, expect, it } from 'vitest';
import { activationPageSchema } from '../../contract/access';
import type { Activation } from '../../contract/access';
import { hashToken } from '../../server/auth/tokens';
import { createLocalFeed } from '../../server/live/change-feed';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { createCallerResolver } from '../../server/runtime/resolve-caller';
import type { Store } from '../../server/store/store';
import { createTestBackend, LIVE_FLOW, SEEDED_USERS, setValue, type TestBackend } from './support/backend';

/**
 * Activations by name as the server answers them: over a store whose changes come from a feed, so
 * that decisions, flows and sessions come from the decision cache, and through the activation lane
 * (a `Content-Length` is given, as every HTTP client sends it).
 */

/** The memory store, with its activation records held until the test lets them be committed. */
function heldRecords() {
  const held: (() => void)[] = [];
  const wrap = (store: Store): Store => ({
    ...store,
    recordActivations: (activations: readonly Activation[]) =>
      new Promise<void>((resolve, reject) => held.push(() => void store.recordActivations(activations).then(resolve, reject))),
  });
  return { wrap, held, release: () => held.splice(0).forEach((commit) => commit()) };
}

let backend: TestBackend;
let records: ReturnType<typeof heldRecords>;
beforeEach(async () => {
  records = heldRecords();
  backend = await createTestBackend({ store: records.wrap, live: { feed: createLocalFeed() } });
});

async function send(path: string, body: string, headers: Record<string, string> = {}) {
  return backend.app.fetch(
    new Request(`http://backend.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      body,
    }),
  );
}

const byName = (name: string, headers: Record<string, string> = {}, prefix = '/api') =>
  send(`${prefix}/automation/flow/activate-by-name`, JSON.stringify({ name }), headers);

/** Commits every record as soon as it is held, and answers with the status and body. */
async function answered(response: Promise<Response>) {
  const releasing = setInterval(records.release, 1);
  try {
    const settled = await response;
    return { status: settled.status, body: (await settled.json()) as Record<string, unknown>, headers: settled.headers };
  } finally {
    clearInterval(releasing);
  }
}

const isSettled = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
};

async function logIn(user: { email: string; password: string }) {
  const response = await send('/api/users/login', JSON.stringify({ login: user.email, password: user.password }));
  return String(((await response.json()) as Record<string, unknown>)['user-token']);
}

describe('activate-by-name from memory', () => {
  it('answers only once the attempt is committed, also when caller, flow and values are all in memory', async () => {
    const token = await logIn(SEEDED_USERS.manager);
    const callers: Record<string, string>[] = [{}, { 'user-token': token }];
    for (const headers of callers) {
      // The first call loads the caches; the second finds everything in memory.
      expect((await answered(byName(LIVE_FLOW.name, headers))).status).toBe(200);
      const second = byName(LIVE_FLOW.name, headers);
      await expect.poll(() => records.held.length).toBe(1);
      expect(await isSettled(second)).toBe(false);
      records.release();
      const answer = await second;
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ executionId: expect.any(String) });
    }
  });

  it('refuses only once the refused attempt is committed', async () => {
    expect((await answered(byName(LIVE_FLOW.name))).status).toBe(200);
    await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
    const refused = byName(LIVE_FLOW.name);
    await expect.poll(() => records.held.length).toBe(1);
    expect(await isSettled(refused)).toBe(false);
    records.release();
    expect((await refused).status).toBe(403);
  });

  it('enforces a value, a role and a logout the moment they are written, although the caches held the old ones', async () => {
    const token = await logIn(SEEDED_USERS.manager);
    const asManager = { 'user-token': token };
    expect((await answered(byName(LIVE_FLOW.name))).status).toBe(200);
    expect((await answered(byName(LIVE_FLOW.name, asManager))).status).toBe(200);

    await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
    expect(await answered(byName(LIVE_FLOW.name))).toMatchObject({ status: 403, body: { code: 4031 } });

    await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'deny');
    expect((await answered(byName(LIVE_FLOW.name, asManager))).status).toBe(403);
    const memberships = await backend.console('PUT', `/users/${SEEDED_USERS.manager.id}/roles`, { roles: [] });
    expect(memberships.status).toBe(200);
    expect((await answered(byName(LIVE_FLOW.name, asManager))).status).toBe(200);

    const logout = await backend.app.fetch(
      new Request('http://backend.test/api/users/logout', { method: 'GET', headers: { 'user-token': token } }),
    );
    expect(logout.status).toBeLessThan(300);
    expect(await answered(byName(LIVE_FLOW.name, asManager))).toMatchObject({ status: 401, body: { code: 3064 } });

    const page = activationPageSchema.parse((await backend.console('GET', `/flows/${LIVE_FLOW.id}/activations`)).body);
    expect(page.items.map((item) => item.outcome)).toEqual(['started', 'denied', 'denied', 'started', 'started']);
  });

  it('answers errors as the routed app does: { code, message }, with the runtime CORS header', async () => {
    const cases = [
      { name: 'unknown key', response: () => byName(LIVE_FLOW.name, {}, `/${DEMO_APP_KEYS.appId}/not-a-key`), status: 401 },
      { name: 'bad token', response: () => byName(LIVE_FLOW.name, { 'user-token': 'nope' }), status: 401 },
      { name: 'malformed', response: () => send('/api/automation/flow/activate-by-name', '{'), status: 400 },
      { name: 'no name', response: () => send('/api/automation/flow/activate-by-name', '{}'), status: 400 },
      { name: 'unknown flow', response: () => byName('No Such Flow'), status: 404 },
    ];
    for (const { name, response, status } of cases) {
      const answer = await answered(response());
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(answer.body).toEqual({ code: expect.any(Number), message: expect.any(String) });
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    }
    const keyed = await answered(byName(LIVE_FLOW.name, {}, `/${DEMO_APP_KEYS.appId}/${DEMO_APP_KEYS.apiKeys.JS}`));
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('access-control-allow-origin')).toBe('*');
    expect(keyed.headers.get('content-type')).toBe('application/json');
  });

  it('leaves what it does not take to the routed app: a body without a length, a path under /api that is not the route', async () => {
    const chunked = Promise.resolve(
      backend.app.fetch(
        new Request('http://backend.test/api/automation/flow/activate-by-name', {
          method: 'POST',
          body: JSON.stringify({ name: LIVE_FLOW.name }),
        }),
      ),
    );
    expect(await answered(chunked)).toMatchObject({ status: 200, body: { executionId: expect.any(String) } });
    const elsewhere = await answered(byName(LIVE_FLOW.name, {}, '/api/x'));
    expect(elsewhere).toMatchObject({ status: 404, body: { code: 4040 } });
  });
});

describe('a logged-in caller from memory', () => {
  const token = 'a-user-token-of-the-right-length-for-the-cache';
  const session = (expiresAt: string) => ({
    tokenHash: '',
    userId: SEEDED_USERS.manager.id,
    login: 'password' as const,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt,
  });
  const request = new Request('http://backend.test/api/automation/flow/activate-by-name', { headers: { 'user-token': token } });
  const unreachable = {
    getSession: () => Promise.reject(new Error('no store read')),
    getUser: () => Promise.reject(new Error('no store read')),
  };

  it('is resolved without a promise, and remade whenever the cache hands out another user or session', async () => {
    await hashToken(token);
    const now = new Date('2026-06-01T00:00:00.000Z');
    let current = { session: session('2026-07-01T00:00:00.000Z'), user: { ...SEEDED_USERS.manager, roles: ['Manager'] } };
    const resolve = createCallerResolver(unreachable, DEMO_APP_KEYS, () => now, {
      session: () => current.session,
      user: () => current.user,
    });
    const rolesOf = () => {
      const resolved = resolve(request);
      if (resolved instanceof Promise) throw new Error('a promise');
      return resolved.caller.customRoles;
    };
    expect(rolesOf()).toEqual(['Manager']);
    current = { ...current, user: { ...current.user, roles: [] } };
    expect(rolesOf()).toEqual([]);
    current = { ...current, session: session('2026-05-01T00:00:00.000Z') };
    expect(() => resolve(request)).toThrow(expect.objectContaining({ status: 401 }));
  });
});
