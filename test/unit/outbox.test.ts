import { QueryClient } from '@tanstack/react-query';
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/client';
import { createOutbox, outboxOf, type Outbox } from '../../src/api/outbox';
import { restoreOutbox } from '../../src/api/outbox-restore';
import { createMemoryOutboxStore, type OutboxEntry, type WriteTarget } from '../../src/api/outbox-store';
import { ConflictError } from '../../src/api/permission-writes';

const FLOW = 'fl_0001';
const role = (principal: string): WriteTarget => ({ flowId: FLOW, kind: 'role', principal });

const write = (target: WriteTarget, writeId: string, value: OutboxEntry['value'], base: number | undefined) => ({
  ...target,
  writeId,
  value,
  base,
  flowName: 'Send Welcome Email',
  principalName: target.principal,
  targetLabel: String(value),
});

const ids = (outbox: Outbox) => outbox.list().map((item) => [item.writeId, item.waiting]);

describe('the outbox', () => {
  it('keeps unsettled writes in order; a write queued behind another of its row waits; a saved one moves the next one’s base', async () => {
    const store = createMemoryOutboxStore();
    const outbox = createOutbox(store);
    outbox.add(write(role('Auditor'), 'a1', 'grant', 3));
    outbox.add(write(role('Auditor'), 'a2', 'deny', 3));
    outbox.add(write(role('Sales'), 's1', 'grant', 0));
    expect(ids(outbox)).toEqual([
      ['a1', false],
      ['a2', true],
      ['s1', false],
    ]);

    outbox.saved('a1', 4);
    outbox.wait('s1');
    expect(ids(outbox)).toEqual([
      ['a2', true],
      ['s1', true],
    ]);
    expect(outbox.base('a2')).toBe(4);
    expect(outbox.pending(role('Auditor'))).toBe('deny');

    await outbox.flush();
    expect([...store.entries.values()].map((entry) => [entry.writeId, entry.base])).toEqual([
      ['a2', 4],
      ['s1', 0],
    ]);
    outbox.remove('s1');
    await outbox.flush();
    expect([...store.entries.keys()]).toEqual(['a2']);
  });

  it("stores a click's write after the frame that shows it, not during the click", async () => {
    const store = createMemoryOutboxStore();
    const puts: string[] = [];
    const put = store.put.bind(store);
    store.put = (entry) => {
      puts.push(entry.writeId);
      return put(entry);
    };
    const outbox = createOutbox(store);
    outbox.add(write(role('Auditor'), 'a1', 'grant', 3));
    outbox.retarget('a1', 'deny', 'deny');
    // The click's task and its microtasks: IndexedDB is not opened in them.
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
    expect(puts).toEqual([]);
    await outbox.flush();
    expect(puts).toEqual(['a1', 'a1']);
    expect(store.entries.get('a1')?.value).toBe('deny');
  });

  it('lists the writes that wait in an array that stays the same while no waiting write changes', () => {
    const outbox = createOutbox(createMemoryOutboxStore());
    const none = outbox.waiting();
    // A click's write going out, then saved: nothing waits, nothing for the waiting list to show.
    outbox.add(write(role('Auditor'), 'a1', 'grant', 3));
    outbox.saved('a1', 4);
    expect(outbox.waiting()).toBe(none);
    outbox.add(write(role('Sales'), 's1', 'grant', 0));
    outbox.wait('s1');
    const one = outbox.waiting();
    expect(one.map((item) => item.writeId)).toEqual(['s1']);
    outbox.add(write(role('Auditor'), 'a2', 'deny', 4));
    expect(outbox.waiting()).toBe(one);
    outbox.retarget('s1', 'deny', 'deny');
    expect(outbox.waiting().map((item) => item.targetLabel)).toEqual(['deny']);
  });

  it('gives a new page (a reload) what the last one left, once, waiting, in their order', async () => {
    const store = createMemoryOutboxStore();
    const before = createOutbox(store);
    before.add(write(role('Auditor'), 'a1', 'grant', 0));
    before.add(write(role('Auditor'), 'a2', 'deny', 0));
    await before.flush();

    const after = createOutbox(store);
    expect(after.list()).toEqual([]);
    const restored = await after.restore();
    expect(restored.map((entry) => entry.writeId)).toEqual(['a1', 'a2']);
    expect(ids(after)).toEqual([
      ['a1', true],
      ['a2', true],
    ]);
    expect(await after.restore()).toBe(restored);
    // A write of this page comes after them.
    after.add(write(role('Auditor'), 'a3', null, 0));
    expect(after.list().map((item) => item.writeId)).toEqual(['a1', 'a2', 'a3']);
  });

  it('a store that fails leaves the outbox working for the page', async () => {
    const broken = {
      load: () => Promise.reject(new Error('no')),
      put: () => Promise.reject(new Error('no')),
      delete: () => Promise.reject(new Error('no')),
    };
    const outbox = createOutbox(broken);
    outbox.add(write(role('Auditor'), 'a1', 'grant', 0));
    await outbox.flush();
    expect(await outbox.restore()).toEqual([]);
    expect(ids(outbox)).toEqual([['a1', false]]);
  });
});

const serverRole = async (name: string) =>
  (await (await fetch(`http://localhost/api/console/flows/${FLOW}/permissions/roles/${name}`)).json()) as {
    value: unknown;
    version: number;
  };
const historyTotal = async () =>
  ((await (await fetch(`http://localhost/api/console/flows/${FLOW}/history`)).json()) as { total: number }).total;

/** A page started over a store an earlier page left entries in. */
async function reloadWith(entries: ReturnType<typeof write>[]) {
  const store = createMemoryOutboxStore();
  const earlier = createOutbox(store);
  for (const entry of entries) earlier.add(entry);
  await earlier.flush();
  const queryClient = new QueryClient();
  const outbox = outboxOf(queryClient, createOutbox(store));
  await restoreOutbox(queryClient);
  return { outbox, store };
}

const drained = (outbox: Outbox) => waitFor(() => expect(outbox.list()).toEqual([]), { timeout: 3000 });

describe('writes resent after a reload', () => {
  it('go out in order on the versions they were based on, and each is saved once', async () => {
    const { outbox, store } = await reloadWith([
      write(role('Auditor'), 'w1', 'grant', 0),
      write(role('Auditor'), 'w2', 'deny', 0),
    ]);
    await drained(outbox);
    expect(await serverRole('Auditor')).toMatchObject({ value: 'deny', version: 2 });
    expect(await historyTotal()).toBe(2);
    await outbox.flush();
    expect(store.entries.size).toBe(0);
  });

  it('a write id the server already applied is recognised, not applied again', async () => {
    const writes = () => [write(role('Sales'), 'w1', 'grant', 0), write(role('Sales'), 'w2', 'deny', 0)];
    const first = await reloadWith(writes());
    await drained(first.outbox);
    // The page was closed before the entries left the store: the next page sends both again. The
    // first one must not bring back its old target over the second.
    const again = await reloadWith(writes());
    await drained(again.outbox);
    expect(await serverRole('Sales')).toMatchObject({ value: 'deny', version: 2 });
    expect(await historyTotal()).toBe(2);
  });

  it('a value someone else changed meanwhile becomes a conflict for its row, never an overwrite', async () => {
    const edit = await fetch('http://localhost/api/demo/another-admin-edit', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flowId: FLOW, kind: 'role', id: 'Finance' }),
    });
    const theirs = (await edit.json()) as { value: unknown; version: number };
    const { outbox } = await reloadWith([write(role('Finance'), 'w1', theirs.value === 'grant' ? 'deny' : 'grant', 0)]);
    await drained(outbox);
    const reports: ApiError[] = [];
    await waitFor(() => {
      reports.push(...outbox.takeReports(role('Finance')));
      expect(reports).toHaveLength(1);
    });
    expect(reports[0]).toBeInstanceOf(ConflictError);
    expect((reports[0] as ConflictError).current).toMatchObject({
      value: theirs.value,
      changed: { by: 'second-admin@example.com' },
    });
    expect(await serverRole('Finance')).toMatchObject({ value: theirs.value, version: theirs.version });
  });
});

describe("a restored write's report", () => {
  it("reaches its row's listeners alone, and no listener hears a write added", () => {
    const outbox = createOutbox(createMemoryOutboxStore());
    const heard: string[] = [];
    const stopFinance = outbox.subscribeReports(role('Finance'), () => heard.push('Finance'));
    outbox.subscribeReports(role('Sales'), () => heard.push('Sales'));
    outbox.add(write(role('Finance'), 'w1', 'grant', 0));
    expect(heard).toEqual([]);
    outbox.report(role('Finance'), new ApiError('network', 'offline'));
    expect(heard).toEqual(['Finance']);
    expect(outbox.takeReports(role('Finance'))).toHaveLength(1);
    stopFinance();
    outbox.report(role('Finance'), new ApiError('network', 'offline'));
    expect(heard).toEqual(['Finance']);
    // Kept for the row until it is on screen again.
    expect(outbox.takeReports(role('Finance'))).toHaveLength(1);
  });
});
