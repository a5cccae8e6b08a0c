import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../contract/audit';
import type { Store } from '../../server/store/store';
import { StoreConflictError } from '../../server/store/types';
import { LIVE_FLOW, READY_FLOW, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** The audit log's part of the Store contract, on the memory store, PGlite and a PostgreSQL server. */

let ids = 0;
const entry = (fields: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `au${String(++ids).padStart(5, '0')}`,
  at: '2025-01-01T00:00:00.000Z',
  by: 'admin@example.com',
  kind: 'flow.rename',
  flow: { id: READY_FLOW.id, name: 'Approve Claims' },
  principal: null,
  before: READY_FLOW.name,
  after: 'Approve Claims',
  changeSetId: null,
  ...fields,
});
const all = { offset: 0, limit: 100 };

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store', (backend) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
  });
  afterAll(() => backend.close());

  it('records a change and its entry together', async () => {
    const recorded = entry();
    const renamed = await store.audited(
      (tx) => tx.renameFlow(READY_FLOW.id, 'Approve Claims'),
      () => [recorded],
    );
    expect(renamed?.name).toBe('Approve Claims');
    expect(await store.listAudit({}, all)).toEqual({ items: [recorded], total: 1, offset: 0 });
    expect(await store.getAuditEntry(recorded.id)).toEqual(recorded);
  });

  it('sets a value and records its entry, with the value before, in one step; records nothing when nothing changed', async () => {
    const manager = { kind: 'role', name: 'Manager' } as const;
    const write = { by: 'admin@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'Manager' };
    const valueEntry = (after: 'grant' | 'deny' | null) =>
      entry({
        kind: 'permission.value',
        flow: { id: LIVE_FLOW.id, name: LIVE_FLOW.name },
        principal: { kind: 'role', id: 'Manager', name: 'Manager' },
        before: null,
        after,
      });
    const denied = valueEntry('deny');
    expect(await store.setValueAudited(LIVE_FLOW.id, manager, 'deny', write, denied)).toEqual({
      outcome: 'written',
      before: null,
    });
    const granted = valueEntry('grant');
    expect(await store.setValueAudited(LIVE_FLOW.id, manager, 'grant', { ...write, expectedVersion: 1 }, granted)).toEqual({
      outcome: 'written',
      before: 'deny',
    });
    // A stale version and an unchanged value: no change, no entry.
    expect(
      (await store.setValueAudited(LIVE_FLOW.id, manager, null, { ...write, expectedVersion: 1 }, valueEntry(null))).outcome,
    ).toBe('conflict');
    expect((await store.setValueAudited(LIVE_FLOW.id, manager, 'grant', write, valueEntry('grant'))).outcome).toBe('unchanged');
    expect((await store.getValues(LIVE_FLOW.id, [manager])).get('role:Manager')).toBe('grant');
    expect((await store.getVersions(LIVE_FLOW.id, [manager])).get('role:Manager')?.version).toBe(2);
    expect((await store.listAudit({}, all)).items).toEqual([{ ...granted, before: 'deny' }, denied]);
  });

  it('records nothing, and changes nothing, when the change fails', async () => {
    await expect(
      store.audited(
        (tx) => tx.renameFlow(READY_FLOW.id, LIVE_FLOW.name),
        () => [entry()],
      ),
    ).rejects.toBeInstanceOf(StoreConflictError);
    await expect(
      store.audited(
        async (tx) => {
          await tx.setAppWideValue('AuthenticatedUser', 'deny');
          throw new Error('refused after the write');
        },
        () => [entry({ kind: 'app-wide.value' })],
      ),
    ).rejects.toThrow('refused after the write');
    expect((await store.listAudit({}, all)).total).toBe(0);
    expect(await store.getFlow(READY_FLOW.id)).toEqual(READY_FLOW);
    if (backend.name !== 'memory') {
      // In a database the write before the throw is rolled back with the transaction.
      expect((await store.getAppWideValues()).get('AuthenticatedUser')).toBeUndefined();
    }
  });

  it('lists newest first with every filter, and pages', async () => {
    const rename = entry({ at: '2025-01-01T00:00:00.000Z' });
    const value = entry({
      at: '2025-01-02T00:00:00.000Z',
      by: 'kim@example.com',
      kind: 'permission.value',
      flow: { id: LIVE_FLOW.id, name: LIVE_FLOW.name },
      principal: { kind: 'role', id: 'Manager', name: 'Manager' },
      before: null,
      after: 'deny',
      changeSetId: 'cs1',
    });
    const signIn = entry({ at: '2025-01-03T00:00:00.000Z', kind: 'sign-in', flow: null, before: null, after: null });
    await store.recordAudit([rename, value]);
    await store.recordAudit([signIn]);
    expect((await store.listAudit({}, all)).items).toEqual([signIn, value, rename]);
    expect(await store.listAudit({}, { offset: 1, limit: 1 })).toEqual({ items: [value], total: 3, offset: 1 });
    expect((await store.listAudit({ by: 'KIM' }, all)).items).toEqual([value]);
    expect((await store.listAudit({ kind: 'sign-in' }, all)).items).toEqual([signIn]);
    expect((await store.listAudit({ flowId: LIVE_FLOW.id }, all)).items).toEqual([value]);
    expect((await store.listAudit({ principal: 'role:Manager' }, all)).items).toEqual([value]);
    expect((await store.listAudit({ changeSetId: 'cs1' }, all)).items).toEqual([value]);
    expect((await store.listAudit({ changeSetId: 'cs2' }, all)).total).toBe(0);
    expect((await store.listAudit({ since: '2025-01-02T00:00:00.000Z', until: '2025-01-03T00:00:00.000Z' }, all)).items).toEqual([
      value,
    ]);
  });

  it('reads in keyset chunks, newest first, to the end', async () => {
    // More than 9: a cursor compared as text would skip from "2" to "10".
    const entries = Array.from({ length: 23 }, (_, index) =>
      entry({ at: new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString() }),
    );
    for (const one of entries) await store.recordAudit([one]);
    const read: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const chunk = await store.readAudit({}, cursor, 5);
      read.push(...chunk.items);
      cursor = chunk.cursor;
    } while (cursor !== null);
    expect(read).toEqual([...entries].reverse());
    expect((await store.listAudit({}, { offset: 0, limit: 3 })).items).toEqual(entries.slice(-3).reverse());
  });

  it('forgets entries older than the retention', async () => {
    await store.recordAudit([entry({ at: '2024-01-01T00:00:00.000Z' }), entry({ at: '2025-06-01T00:00:00.000Z' })]);
    expect(await store.pruneAudit('2025-01-01T00:00:00.000Z')).toBe(1);
    expect((await store.listAudit({}, all)).items.map((one) => one.at)).toEqual(['2025-06-01T00:00:00.000Z']);
  });

  it('records a value write in its transaction, and nothing for a refused one', async () => {
    const role = { kind: 'role', name: 'Manager' } as const;
    const write = { by: 'admin@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'Manager' };
    const outcome = await store.audited(
      (tx) => tx.setValue(LIVE_FLOW.id, role, 'deny', { ...write, expectedVersion: 5 }),
      (result) => (result === 'written' ? [entry()] : []),
    );
    expect(outcome).toBe('conflict');
    expect((await store.listAudit({}, all)).total).toBe(0);
    expect(
      await store.audited(
        (tx) => tx.setValue(LIVE_FLOW.id, role, 'deny', write),
        (result) => (result === 'written' ? [entry({ kind: 'permission.value' })] : []),
      ),
    ).toBe('written');
    expect((await store.listAudit({ kind: 'permission.value' }, all)).total).toBe(1);
  });
});
