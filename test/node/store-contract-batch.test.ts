import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { BatchChange, BatchWrite } from '../../server/permissions/permission-store';
import type { Store } from '../../server/store/store';
import type { Principal } from '../../server/store/types';
import { LIVE_FLOW, READY_FLOW, SEEDED_USERS, testSeed, testSeedWithUsers } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** Part of the Store contract (see store-contract.test.ts): batch writes, all or nothing, as one change set. */

const manager: Principal = { kind: 'role', name: 'Manager' };
const anonymous: Principal = { kind: 'role', name: 'NonAuthenticatedUser' };
const ana: Principal = { kind: 'user', id: SEEDED_USERS.manager.id };
const cleo: Principal = { kind: 'user', id: SEEDED_USERS.plain.id };
const batch = (changeSetId: string, at = '2025-01-02T00:00:00.000Z'): BatchWrite => ({
  by: 'admin@example.com',
  at,
  changeSetId,
});
const single = { by: 'other@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'Manager' };

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store: batch writes', (backend) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
  });
  afterAll(() => backend.close());

  it('applies every change, with new versions and one change set in the history', async () => {
    await store.setValue(LIVE_FLOW.id, manager, 'grant', single);
    const outcome = await store.applyBatch(
      [
        { flowId: LIVE_FLOW.id, principal: manager, value: 'deny', expectedVersion: 1 },
        { flowId: LIVE_FLOW.id, principal: ana, value: 'grant', expectedVersion: 0 },
        { flowId: READY_FLOW.id, principal: anonymous, value: 'deny' },
        { flowId: READY_FLOW.id, principal: cleo, value: null },
      ],
      batch('cs-1'),
    );
    const changed = { by: 'admin@example.com', at: '2025-01-02T00:00:00.000Z', writeId: null };
    expect(outcome).toEqual({
      outcome: 'applied',
      rows: [
        { flowId: LIVE_FLOW.id, principal: manager, value: 'deny', version: 2, changed },
        { flowId: LIVE_FLOW.id, principal: ana, value: 'grant', version: 1, changed },
        { flowId: READY_FLOW.id, principal: anonymous, value: 'deny', version: 1, changed },
        // Already inherited: no change, no version, no history.
        { flowId: READY_FLOW.id, principal: cleo, value: null, version: 0, changed: null },
      ],
    });
    const values = await store.getValues(LIVE_FLOW.id, [manager, ana]);
    expect(Object.fromEntries(values)).toEqual({ 'role:Manager': 'deny', [`user:${ana.id}`]: 'grant' });
    expect((await store.getVersions(LIVE_FLOW.id, [manager])).get('role:Manager')).toMatchObject({ version: 2 });

    const set = await store.listChangeSet('cs-1');
    const who = { by: changed.by, at: changed.at };
    expect(
      set.map(({ flowId, principal, principalName, from, to, version, by, at, changeSetId }) => ({
        flowId,
        principal,
        principalName,
        from,
        to,
        version,
        by,
        at,
        changeSetId,
      })),
    ).toEqual([
      {
        flowId: LIVE_FLOW.id,
        principal: manager,
        principalName: 'Manager',
        from: 'grant',
        to: 'deny',
        version: 2,
        ...who,
        changeSetId: 'cs-1',
      },
      {
        flowId: LIVE_FLOW.id,
        principal: ana,
        principalName: 'Ana Silva',
        from: null,
        to: 'grant',
        version: 1,
        ...who,
        changeSetId: 'cs-1',
      },
      {
        flowId: READY_FLOW.id,
        principal: anonymous,
        principalName: 'NonAuthenticatedUser',
        from: null,
        to: 'deny',
        version: 1,
        ...who,
        changeSetId: 'cs-1',
      },
    ]);
    const history = await store.listHistory(LIVE_FLOW.id, { offset: 0, limit: 10 });
    expect(history.items.map((entry) => entry.changeSetId)).toEqual(['cs-1', 'cs-1', null]);
    expect(await store.listChangeSet('nope')).toEqual([]);
  });

  it('names users by their email when they have no name', async () => {
    await store.applyBatch([{ flowId: LIVE_FLOW.id, principal: cleo, value: 'deny' }], batch('cs-cleo'));
    expect((await store.listChangeSet('cs-cleo'))[0]?.principalName).toBe('cleo@example.com');
  });

  it('changes nothing when one version is stale, and reports every conflicting row as it stands', async () => {
    await store.setValue(LIVE_FLOW.id, manager, 'grant', single);
    const changes: BatchChange[] = [
      { flowId: LIVE_FLOW.id, principal: ana, value: 'deny', expectedVersion: 0 },
      { flowId: LIVE_FLOW.id, principal: manager, value: 'deny', expectedVersion: 0 },
      { flowId: READY_FLOW.id, principal: anonymous, value: 'deny', expectedVersion: 3 },
    ];
    expect(await store.applyBatch(changes, batch('cs-stale'))).toEqual({
      outcome: 'conflict',
      conflicts: [
        {
          flowId: LIVE_FLOW.id,
          principal: manager,
          value: 'grant',
          version: 1,
          changed: { by: 'other@example.com', at: '2025-01-01T00:00:00.000Z', writeId: null },
        },
        { flowId: READY_FLOW.id, principal: anonymous, value: null, version: 0, changed: null },
      ],
    });
    expect((await store.getValues(LIVE_FLOW.id, [ana])).size).toBe(0);
    expect((await store.listHistory(LIVE_FLOW.id, { offset: 0, limit: 10 })).total).toBe(1);
    expect(await store.listChangeSet('cs-stale')).toEqual([]);
  });

  it('changes nothing when flows, users or custom roles do not exist, and lists them all', async () => {
    const outcome = await store.applyBatch(
      [
        { flowId: LIVE_FLOW.id, principal: ana, value: 'deny' },
        { flowId: 'fl_gone', principal: manager, value: 'deny' },
        { flowId: LIVE_FLOW.id, principal: { kind: 'user', id: 'u_gone' }, value: 'deny' },
        { flowId: READY_FLOW.id, principal: { kind: 'user', id: 'u_gone' }, value: 'grant' },
        { flowId: LIVE_FLOW.id, principal: { kind: 'role', name: 'Ghosts' }, value: 'grant' },
      ],
      batch('cs-unknown'),
    );
    expect(outcome).toEqual({ outcome: 'unknown', flows: ['fl_gone'], users: ['u_gone'], roles: ['Ghosts'] });
    expect((await store.getValues(LIVE_FLOW.id, [ana])).size).toBe(0);
  });

  it('sets app-wide values in the same step (a permissions document applied), or none with the rest', async () => {
    const applied = await store.applyBatch([{ flowId: LIVE_FLOW.id, principal: manager, value: 'deny' }], batch('cs-doc'), [
      { role: 'Contractor', value: 'deny' },
      { role: 'NonAuthenticatedUser', value: 'deny' },
    ]);
    expect(applied.outcome).toBe('applied');
    expect(Object.fromEntries(await store.getAppWideValues())).toEqual({ Contractor: 'deny', NonAuthenticatedUser: 'deny' });

    const refused = await store.applyBatch(
      [{ flowId: LIVE_FLOW.id, principal: manager, value: 'grant', expectedVersion: 0 }],
      batch('cs-doc-stale'),
      [{ role: 'Contractor', value: 'grant' }],
    );
    expect(refused.outcome).toBe('conflict');
    const unknown = await store.applyBatch([], batch('cs-doc-unknown'), [{ role: 'Ghosts', value: 'deny' }]);
    expect(unknown).toEqual({ outcome: 'unknown', flows: [], users: [], roles: ['Ghosts'] });
    expect(Object.fromEntries(await store.getAppWideValues())).toEqual({ Contractor: 'deny', NonAuthenticatedUser: 'deny' });

    await store.applyBatch([], batch('cs-doc-grant'), [{ role: 'Contractor', value: 'grant' }]);
    expect(Object.fromEntries(await store.getAppWideValues())).toEqual({ NonAuthenticatedUser: 'deny' });
  });

  it('finds users by email, compared by their email keys', async () => {
    const found = await store.findUsersByEmail(['ANA@example.com', 'nobody@example.com']);
    expect([...found.entries()].map(([key, user]) => [key, user.id])).toEqual([['ana@example.com', ana.id]]);
  });

  it('leaves single writes consistent around a batch on the same values', async () => {
    const batchWrite = store.applyBatch([{ flowId: LIVE_FLOW.id, principal: manager, value: 'deny' }], batch('cs-race'));
    const singleWrite = store.setValue(LIVE_FLOW.id, manager, 'grant', single);
    await Promise.all([batchWrite, singleWrite]);
    const history = await store.listHistory(LIVE_FLOW.id, { offset: 0, limit: 10 });
    expect(history.items.map((entry) => entry.version)).toEqual([2, 1]);
    const [last] = history.items;
    expect((await store.getValues(LIVE_FLOW.id, [manager])).get('role:Manager')).toBe(last?.to);
  });
});

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store: a batch of 10,000 changes', (backend) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeedWithUsers(10_000, { id: 'u_bulk_', name: 'Bulk ', email: 'bulk' })));
  });
  afterAll(() => backend.close());

  it('applies all of them as one change set, or none when one is stale', async () => {
    const changes = Array.from({ length: 10_000 }, (_, index): BatchChange => ({
      flowId: LIVE_FLOW.id,
      principal: { kind: 'user', id: `u_bulk_${index}` },
      value: 'deny',
      expectedVersion: 0,
    }));
    await store.setValue(LIVE_FLOW.id, { kind: 'user', id: 'u_bulk_9999' }, 'grant', single);
    const refused = await store.applyBatch(changes, batch('cs-big-stale'));
    expect(refused).toMatchObject({
      outcome: 'conflict',
      conflicts: [{ principal: { kind: 'user', id: 'u_bulk_9999' }, version: 1 }],
    });
    expect(await store.countUserValues(LIVE_FLOW.id)).toEqual({ grant: 1, deny: 0 });

    const started = performance.now();
    const applied = await store.applyBatch(
      changes.map((change, index) => (index === 9_999 ? { ...change, expectedVersion: 1 } : change)),
      batch('cs-big'),
    );
    const ms = performance.now() - started;
    console.info(`${backend.name}: a batch of 10,000 changes in ${Math.round(ms)} ms`);
    expect(applied.outcome).toBe('applied');
    expect(await store.countUserValues(LIVE_FLOW.id)).toEqual({ grant: 0, deny: 10_000 });
    expect(await store.listChangeSet('cs-big')).toHaveLength(10_000);
  });
});
