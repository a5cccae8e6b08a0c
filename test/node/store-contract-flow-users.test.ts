import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlowUserQuery } from '../../server/permissions/permission-store';
import type { Store } from '../../server/store/store';
import { LIVE_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** Part of the Store contract (see store-contract.test.ts): a flow's users list filtered by role and sorted. */

const write = { by: 'admin@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'someone' };
const { manager, twoRoles, plain } = SEEDED_USERS;

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store: a flow users list by role and order', (backend) => {
  let store: Store;
  const ids = async (query: Partial<FlowUserQuery>) =>
    (await store.listFlowUsers(LIVE_FLOW.id, { search: '', offset: 0, limit: 100, ...query })).items.map((user) => user.id);
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
  });
  afterAll(() => backend.close());

  it('lists in directory order without a sort, and the users who hold a role with `role`', async () => {
    expect(await ids({})).toEqual([manager.id, twoRoles.id, plain.id]);
    expect(await ids({ role: 'Manager' })).toEqual([manager.id, twoRoles.id]);
    expect(await ids({ role: 'Contractor' })).toEqual([twoRoles.id]);
    expect(await ids({ role: 'Nobody holds this' })).toEqual([]);
    expect(await ids({ role: 'Manager', search: 'BEN' })).toEqual([twoRoles.id]);
    const page = await store.listFlowUsers(LIVE_FLOW.id, { search: '', offset: 1, limit: 1, role: 'Manager' });
    expect(page).toMatchObject({ total: 2, offset: 1 });
    expect(page.items.map((user) => user.id)).toEqual([twoRoles.id]);
    // A role given to a user later counts; one taken away does not.
    await store.setUserRoles(plain.id, ['Contractor']);
    await store.setUserRoles(twoRoles.id, ['Manager']);
    expect(await ids({ role: 'Contractor' })).toEqual([plain.id]);
  });

  it('sorts by name (the email for a user without one), and by state: denied, granted, then the rest', async () => {
    // Ana Silva, Ben Okafor, cleo@example.com
    expect(await ids({ sort: 'name' })).toEqual([manager.id, twoRoles.id, plain.id]);
    await store.setValue(LIVE_FLOW.id, { kind: 'user', id: plain.id }, 'grant', write);
    await store.setValue(LIVE_FLOW.id, { kind: 'user', id: twoRoles.id }, 'deny', write);
    await store.setValue(LIVE_FLOW.id, { kind: 'role', name: 'Manager' }, 'deny', write);
    expect(await ids({ sort: 'state' })).toEqual([twoRoles.id, plain.id, manager.id]);
    expect(await ids({ sort: 'state', only: 'explicit' })).toEqual([twoRoles.id, plain.id]);
    expect(await ids({ sort: 'state', role: 'Manager' })).toEqual([twoRoles.id, manager.id]);
    expect(await ids({ only: 'explicit', search: 'cleo' })).toEqual([plain.id]);
    const created = await store.createUser({ email: 'aaron@example.com', name: 'aaron Zed', passwordHash: 'x' });
    expect(await ids({ sort: 'name' })).toEqual([created.id, manager.id, twoRoles.id, plain.id]);
  });
});
