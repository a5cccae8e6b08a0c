import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_CHANGES } from '../../contract/batch';
import { createTestBackend, LIVE_FLOW, SEEDED_USERS, setValue, type TestBackend } from './support/backend';

/** GET /api/console/flows/:flowId/permissions/users-matching and the users list's role and sort, over the memory store. */

const { manager, twoRoles, plain } = SEEDED_USERS;

describe('the users a list matches, and its role filter and order', () => {
  let backend: TestBackend;
  beforeEach(async () => {
    backend = await createTestBackend();
  });
  const get = (path: string) => backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/${path}`);

  it('answers every matching user with their value and version, not a page', async () => {
    await setValue(backend, LIVE_FLOW.id, { user: twoRoles.id }, 'deny');
    const { status, body } = await get('users-matching?role=Manager');
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        { id: manager.id, name: manager.name, value: null, version: 0 },
        { id: twoRoles.id, name: twoRoles.name, value: 'deny', version: 1 },
      ],
      total: 2,
      limit: MAX_BATCH_CHANGES,
    });
    expect((await get('users-matching?search=cleo')).body).toMatchObject({
      items: [{ id: plain.id, name: plain.email, value: null }],
      total: 1,
    });
    expect((await get('users-matching?only=explicit')).body).toMatchObject({ items: [{ id: twoRoles.id }], total: 1 });
  });

  it('filters the users list by role and sorts it on the server; refuses what it does not know', async () => {
    await setValue(backend, LIVE_FLOW.id, { user: plain.id }, 'grant');
    const ids = async (query: string) =>
      ((await get(`users?${query}`)).body as { items: { id: string }[] }).items.map((user) => user.id);
    expect(await ids('role=Contractor')).toEqual([twoRoles.id]);
    expect(await ids('sort=state')).toEqual([plain.id, manager.id, twoRoles.id]);
    expect((await get('users?sort=age')).status).toBe(400);
    expect((await get(`users?role=${'x'.repeat(201)}`)).status).toBe(400);
    expect((await get('users-matching?role=')).status).toBe(400);
    expect((await backend.console('GET', '/flows/nope/permissions/users-matching')).status).toBe(404);
  });
});
