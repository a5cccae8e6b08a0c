import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../contract/audit';
import type { UserValueResult, UserValueWrite } from '../../server/permissions/permission-store';
import type { Store } from '../../server/store/store';
import { LIVE_FLOW, READY_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** `setUserValues`, the grouped single writes' part of the Store contract, on the memory store, PGlite and PostgreSQL. */

const AT = '2025-01-01T00:00:00.000Z';
let ids = 0;
/** A write as the permission service makes it: the entry's names are left for the store to fill in. */
const userWrite = (
  userId: string,
  value: 'grant' | 'deny' | null,
  extra: Partial<Omit<UserValueWrite, 'entry'>> & { entryId?: string } = {},
): UserValueWrite => {
  const { entryId = `au${String(++ids).padStart(5, '0')}`, ...rest } = extra;
  const flowId = rest.flowId ?? LIVE_FLOW.id;
  const entry: AuditEntry = {
    id: entryId,
    at: AT,
    by: 'admin@example.com',
    kind: 'permission.value',
    flow: { id: flowId, name: '' },
    principal: { kind: 'user', id: userId, name: '' },
    before: null,
    after: value,
    changeSetId: null,
  };
  return { flowId, userId, value, by: 'admin@example.com', at: AT, ...rest, entry };
};

const all = { offset: 0, limit: 100 };
const userKey = (id: string) => `user:${id}`;
const versionOf = (result: UserValueResult | undefined, userId: string) =>
  result && 'state' in result ? result.state.versions.get(userKey(userId))?.version : undefined;

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store', (backend) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
  });
  afterAll(() => backend.close());

  it('writes several users’ values in one step, each with its history, version, audit entry and row', async () => {
    await store.setValue(LIVE_FLOW.id, { kind: 'role', name: 'Manager' }, 'deny', {
      by: 'other@example.com',
      at: AT,
      principalName: 'Manager',
    });
    const [manager, plain] = await store.setUserValues([
      userWrite(SEEDED_USERS.manager.id, 'grant', { writeId: 'w1' }),
      userWrite(SEEDED_USERS.plain.id, 'deny'),
    ]);
    expect(manager).toMatchObject({
      outcome: 'written',
      user: { id: SEEDED_USERS.manager.id, name: 'Ana Silva', roles: ['Manager'] },
      entry: {
        flow: { id: LIVE_FLOW.id, name: LIVE_FLOW.name },
        principal: { kind: 'user', id: SEEDED_USERS.manager.id, name: 'Ana Silva' },
        before: null,
        after: 'grant',
      },
    });
    if (!manager || !('state' in manager)) throw new Error('no row');
    // The row right after the write: the user's value and version, their roles' values on the flow.
    expect([manager.state.values.get(userKey(SEEDED_USERS.manager.id)), manager.state.values.get('role:Manager')]).toEqual([
      'grant',
      'deny',
    ]);
    expect(manager.state.versions.get(userKey(SEEDED_USERS.manager.id))).toEqual({
      version: 1,
      by: 'admin@example.com',
      at: AT,
      writeId: 'w1',
    });
    // A user without a name is named by their email.
    expect(plain).toMatchObject({ outcome: 'written', entry: { principal: { name: SEEDED_USERS.plain.email } } });

    const history = await store.listHistory(LIVE_FLOW.id, all);
    expect(history.items.map((change) => [change.principalName, change.to, change.version])).toEqual([
      [SEEDED_USERS.plain.email, 'deny', 1],
      ['Ana Silva', 'grant', 1],
      ['Manager', 'deny', 1],
    ]);
    const audit = await store.listAudit({}, all);
    expect(audit.items.map((entry) => [entry.principal?.name, entry.before, entry.after])).toEqual([
      [SEEDED_USERS.plain.email, null, 'deny'],
      ['Ana Silva', null, 'grant'],
    ]);
  });

  it('refuses one write (a stale version, an unknown flow or user) and applies the others', async () => {
    await store.setUserValues([userWrite(SEEDED_USERS.manager.id, 'grant')]);
    const results = await store.setUserValues([
      userWrite(SEEDED_USERS.plain.id, 'deny'),
      userWrite(SEEDED_USERS.manager.id, 'deny', { expectedVersion: 0 }),
      userWrite(SEEDED_USERS.twoRoles.id, 'deny', { flowId: 'nope' }),
      userWrite('u_nobody', 'deny'),
      userWrite(SEEDED_USERS.twoRoles.id, 'grant', { flowId: READY_FLOW.id }),
    ]);
    expect(results.map((result) => result.outcome)).toEqual(['written', 'conflict', 'noFlow', 'noUser', 'written']);
    // The refused write answers with the row as it stands: still granted, version 1.
    const refused = results[1];
    expect(refused && 'state' in refused && refused.state.values.get(userKey(SEEDED_USERS.manager.id))).toBe('grant');
    expect(versionOf(refused, SEEDED_USERS.manager.id)).toBe(1);
    expect(await store.getValues(LIVE_FLOW.id, [{ kind: 'user', id: SEEDED_USERS.manager.id }])).toEqual(
      new Map([[userKey(SEEDED_USERS.manager.id), 'grant']]),
    );
    expect((await store.listAudit({}, all)).total).toBe(3);
  });

  it('applies two writes of one row in one step as if one came after the other', async () => {
    const id = SEEDED_USERS.twoRoles.id;
    const results = await store.setUserValues([
      userWrite(id, 'grant', { expectedVersion: 0 }),
      userWrite(id, 'deny', { expectedVersion: 1 }),
      userWrite(id, null, { expectedVersion: 1 }),
      userWrite(id, 'deny', { writeId: 'again' }),
      userWrite(id, 'deny', { writeId: 'again' }),
    ]);
    expect(results.map((result) => result.outcome)).toEqual(['written', 'written', 'conflict', 'unchanged', 'unchanged']);
    expect(results.map((result) => versionOf(result, id))).toEqual([1, 2, 2, 2, 2]);
    const audit = await store.listAudit({}, all);
    expect(audit.items.map((entry) => [entry.before, entry.after])).toEqual([
      ['grant', 'deny'],
      [null, 'grant'],
    ]);
    const [again] = await store.setUserValues([userWrite(id, null, { writeId: 'w' }), userWrite(id, 'grant', { writeId: 'w' })]);
    expect(again?.outcome).toBe('written');
    expect((await store.setUserValues([userWrite(id, 'grant', { writeId: 'w' })]))[0]?.outcome).toBe('reused');
  });

  it.skipIf(backend.name === 'memory')('undoes a write that fails inside the statement, and that write alone', async () => {
    const results = await store.setUserValues([
      userWrite(SEEDED_USERS.manager.id, 'deny', { entryId: 'same' }),
      // Its audit entry's id is taken: the insert fails, and its value and history go with it.
      userWrite(SEEDED_USERS.plain.id, 'deny', { entryId: 'same' }),
      userWrite(SEEDED_USERS.twoRoles.id, 'deny'),
    ]);
    expect(results.map((result) => result.outcome)).toEqual(['written', 'failed', 'written']);
    expect(await store.getValues(LIVE_FLOW.id, [{ kind: 'user', id: SEEDED_USERS.plain.id }])).toEqual(new Map());
    expect((await store.listHistory(LIVE_FLOW.id, all)).total).toBe(2);
  });
});
