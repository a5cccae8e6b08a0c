import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessTest } from '../../server/access/access-test-store';
import type { Store } from '../../server/store/store';
import { DRAFT_FLOW, LIVE_FLOW, READY_FLOW, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** Part of the Store contract (see store-contract.test.ts): a flow's saved access tests, on every store. */

let ids = 0;
const testOn = (flowId: string, name = `test ${++ids}`): AccessTest => ({
  id: `at-${++ids}`,
  flowId,
  name,
  check: { userId: null, channel: 'REST' },
  expect: 'granted',
  createdAt: '2025-01-02T00:00:00.000Z',
});

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store: access tests', (backend) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
  });
  afterAll(() => backend.close());

  it('keeps each flow’s tests apart, oldest first, and deletes one by its id', async () => {
    const first = testOn(LIVE_FLOW.id, 'anonymous can start');
    const second = {
      ...testOn(LIVE_FLOW.id, 'a Call Flow cannot'),
      check: { userId: null, channel: 'ServerCode' as const, sessionSource: 'none' as const },
      expect: 'denied' as const,
    };
    const other = testOn(READY_FLOW.id);
    for (const test of [first, second, other]) expect(await store.addAccessTest(test, 100)).toBe(true);

    expect(await store.listAccessTests(LIVE_FLOW.id)).toEqual([first, second]);
    expect(await store.listAccessTests(READY_FLOW.id)).toEqual([other]);
    expect(await store.listAccessTests(DRAFT_FLOW.id)).toEqual([]);

    expect(await store.deleteAccessTest(READY_FLOW.id, first.id)).toBe(false);
    expect(await store.deleteAccessTest(LIVE_FLOW.id, first.id)).toBe(true);
    expect(await store.deleteAccessTest(LIVE_FLOW.id, first.id)).toBe(false);
    expect(await store.listAccessTests(LIVE_FLOW.id)).toEqual([second]);
  });

  it('refuses a test beyond the bound, even when saves come at once, and one on a flow that does not exist', async () => {
    const saved = await Promise.all(Array.from({ length: 5 }, () => store.addAccessTest(testOn(READY_FLOW.id), 3)));
    expect(saved.filter(Boolean)).toHaveLength(3);
    expect(await store.listAccessTests(READY_FLOW.id)).toHaveLength(3);
    expect(await store.addAccessTest(testOn('no-such-flow'), 3)).toBe(false);
    expect(await store.listAccessTests('no-such-flow')).toEqual([]);
  });

  it('forgets a flow’s tests with the flow', async () => {
    await store.addAccessTest(testOn(DRAFT_FLOW.id), 100);
    expect(await store.deleteFlow(DRAFT_FLOW.id)).toBe(true);
    expect(await store.listAccessTests(DRAFT_FLOW.id)).toEqual([]);
  });
});
