import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store';
import { LIVE_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** Part of the Store contract (see store-contract.test.ts): the "only explicit values" filter of the users list. */

const page = (search = '', offset = 0, limit = 100) => ({ search, offset, limit });
const write = { by: 'admin@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'someone' };

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store: users with explicit values', (backend) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
  });
  afterAll(() => backend.close());

  it('lists the users with a value on the flow, in list order, with search and paging', async () => {
    const { manager, twoRoles, plain } = SEEDED_USERS;
    expect(await store.listUsersWithValues(LIVE_FLOW.id, page())).toEqual({ items: [], total: 0, offset: 0 });
    await store.setValue(LIVE_FLOW.id, { kind: 'user', id: plain.id }, 'deny', write);
    await store.setValue(LIVE_FLOW.id, { kind: 'user', id: manager.id }, 'grant', write);
    await store.setValue(LIVE_FLOW.id, { kind: 'role', name: 'Manager' }, 'grant', write);
    const all = await store.listUsersWithValues(LIVE_FLOW.id, page());
    expect(all.items.map((user) => user.id)).toEqual([manager.id, plain.id]);
    expect(all.total).toBe(2);
    expect((await store.listUsersWithValues(LIVE_FLOW.id, page('', 1, 1))).items.map((user) => user.id)).toEqual([plain.id]);
    expect((await store.listUsersWithValues(LIVE_FLOW.id, page('CLEO'))).items.map((user) => user.id)).toEqual([plain.id]);
    expect((await store.listUsersWithValues(LIVE_FLOW.id, page(twoRoles.email))).total).toBe(0);

    await store.setValue(LIVE_FLOW.id, { kind: 'user', id: plain.id }, null, write);
    expect((await store.listUsersWithValues(LIVE_FLOW.id, page())).items.map((user) => user.id)).toEqual([manager.id]);
  });
});
