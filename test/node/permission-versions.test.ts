import { beforeEach, describe, expect, it } from 'vitest';
import { historyPageSchema, rolePermissionSchema, userPermissionSchema } from '../../contract/console';
import { createMemoryStore, MAX_HISTORY_PER_FLOW, type StoreDelta } from '../../server/store/memory/memory-store';
import { createTestBackend, LIVE_FLOW, SEEDED_USERS, testSeed, type TestBackend } from './support/backend';

let backend: TestBackend;
beforeEach(async () => {
  backend = await createTestBackend();
});

const rolePath = (role: string) => `/flows/${LIVE_FLOW.id}/permissions/roles/${role}`;
const userPath = (userId: string) => `/flows/${LIVE_FLOW.id}/permissions/users/${userId}`;

async function call(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; admin?: string } = {},
) {
  const response = await backend.app.fetch(
    new Request(`http://backend.test/api/console${path}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    }),
    options.admin ? { consoleAdmin: { email: options.admin } } : undefined,
  );
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), body: text ? (JSON.parse(text) as unknown) : null };
}

const put = (path: string, value: 'grant' | 'deny' | null, headers: Record<string, string> = {}, admin?: string) =>
  call('PUT', path, { body: { value }, headers, ...(admin ? { admin } : {}) });

describe('versions and conditional writes', () => {
  it('starts every value at version 0 and counts each change, with who made it', async () => {
    const before = rolePermissionSchema.parse((await call('GET', rolePath('Manager'))).body);
    expect(before).toMatchObject({ name: 'Manager', value: null, version: 0, changed: null });

    const saved = await put(rolePath('Manager'), 'grant', { 'if-match': '"0"', 'idempotency-key': 'w1' });
    expect(saved.status).toBe(200);
    expect(saved.etag).toBe('"1"');
    expect(rolePermissionSchema.parse(saved.body)).toMatchObject({
      value: 'grant',
      version: 1,
      changed: { by: 'demo-admin@example.com', writeId: 'w1' },
    });
    // Writing the value it already has changes nothing, not even the version.
    expect((await put(rolePath('Manager'), 'grant', { 'if-match': '"1"' })).body).toMatchObject({ version: 1 });
  });

  it('refuses a write based on a stale version with 412, saying who changed the value', async () => {
    await put(userPath(SEEDED_USERS.plain.id), 'deny', { 'if-match': '"0"' }, 'second-admin@example.com');
    const stale = await put(userPath(SEEDED_USERS.plain.id), 'grant', { 'if-match': '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 4120 });
    expect((stale.body as { message: string }).message).toContain('changed by second-admin@example.com');
    const row = userPermissionSchema.parse((await call('GET', userPath(SEEDED_USERS.plain.id))).body);
    expect(row).toMatchObject({ value: 'deny', version: 1, changed: { by: 'second-admin@example.com' } });
  });

  it('applies a retried write once: the same write id succeeds again without a change or a conflict', async () => {
    const first = await put(rolePath('Auditor'), 'deny', { 'if-match': '"0"', 'idempotency-key': 'retry-me' });
    expect(first.status).toBe(200);
    // The answer was lost; the client retries with the version it knew, which is stale now.
    const retry = await put(rolePath('Auditor'), 'deny', { 'if-match': '"0"', 'idempotency-key': 'retry-me' });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ value: 'deny', version: 1 });
    expect((await call('GET', `/flows/${LIVE_FLOW.id}/history`)).body).toMatchObject({ total: 1 });
  });

  it('writes unconditionally without If-Match, and refuses a malformed one', async () => {
    expect((await put(rolePath('Sales'), 'grant')).status).toBe(200);
    expect((await put(rolePath('Sales'), 'deny', { 'if-match': '*' })).status).toBe(200);
    const malformed = await put(rolePath('Sales'), null, { 'if-match': 'W/"2"' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 1000 });
  });

  it('serves one role row, and 404 for an unknown role', async () => {
    expect((await call('GET', rolePath('JSUser'))).body).toMatchObject({ name: 'JSUser', kind: 'system', version: 0 });
    expect((await call('GET', rolePath('Nobody'))).status).toBe(404);
  });
});

describe('history', () => {
  it('lists who changed which principal from what to what, newest first, paged', async () => {
    await put(rolePath('Manager'), 'grant');
    await put(userPath(SEEDED_USERS.manager.id), 'deny', {}, 'second-admin@example.com');
    await put(rolePath('Manager'), null);

    const first = historyPageSchema.parse((await call('GET', `/flows/${LIVE_FLOW.id}/history?limit=2`)).body);
    expect(first.total).toBe(3);
    expect(first.items.map(({ by, principal, from, to }) => ({ by, principal, from, to }))).toEqual([
      { by: 'demo-admin@example.com', principal: { kind: 'role', id: 'Manager', name: 'Manager' }, from: 'grant', to: null },
      {
        by: 'second-admin@example.com',
        principal: { kind: 'user', id: SEEDED_USERS.manager.id, name: 'Ana Silva' },
        from: null,
        to: 'deny',
      },
    ]);
    const second = historyPageSchema.parse((await call('GET', `/flows/${LIVE_FLOW.id}/history?offset=2&limit=2`)).body);
    expect(second.items.map((entry) => [entry.principal.id, entry.to])).toEqual([['Manager', 'grant']]);
    expect((await call('GET', `/flows/nope/history`)).status).toBe(404);
    expect((await call('GET', `/flows/${LIVE_FLOW.id}/history?limit=500`)).status).toBe(400);
  });

  it('keeps versions and history in the delta, so they survive a reload, and caps the history per flow', async () => {
    let saved: StoreDelta | undefined;
    const seed = await testSeed();
    const store = createMemoryStore(seed, { onChange: (delta) => (saved = structuredClone(delta)) });
    const write = { by: 'a@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'Manager' };
    for (let index = 0; index < MAX_HISTORY_PER_FLOW + 3; index++) {
      await store.setValue(LIVE_FLOW.id, { kind: 'role', name: 'Manager' }, index % 2 ? 'deny' : 'grant', write);
    }
    const reloaded = createMemoryStore(seed, { delta: JSON.parse(JSON.stringify(saved)) as StoreDelta });
    const versions = await reloaded.getVersions(LIVE_FLOW.id, [{ kind: 'role', name: 'Manager' }]);
    expect(versions.get('role:Manager')?.version).toBe(MAX_HISTORY_PER_FLOW + 3);
    expect((await reloaded.listHistory(LIVE_FLOW.id, { offset: 0, limit: 1 })).total).toBe(MAX_HISTORY_PER_FLOW);
    expect(await reloaded.setValue(LIVE_FLOW.id, { kind: 'role', name: 'Manager' }, null, { ...write, expectedVersion: 3 })).toBe(
      'conflict',
    );
  });
});
