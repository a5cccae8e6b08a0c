import { beforeAll, describe, expect, it } from 'vitest';
import { roleMatrixPageSchema, userRunPageSchema } from '../../contract/overview';
import {
  createTestBackend,
  DRAFT_FLOW,
  LIVE_FLOW,
  READY_FLOW,
  SEEDED_USERS,
  setValue,
  type TestBackend,
} from './support/backend';

let backend: TestBackend;

beforeAll(async () => {
  backend = await createTestBackend();
  await setValue(backend, READY_FLOW.id, { role: 'Manager' }, 'deny');
  await setValue(backend, LIVE_FLOW.id, { user: SEEDED_USERS.manager.id }, 'grant');
});

describe('GET /role-matrix', () => {
  it("answers each flow with the same role rows as the flow's roles tab", async () => {
    const { status, body } = await backend.console('GET', '/role-matrix');
    expect(status).toBe(200);
    const page = roleMatrixPageSchema.parse(body);
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.flow.id)).toEqual([LIVE_FLOW.id, READY_FLOW.id, DRAFT_FLOW.id]);
    const tab = await backend.console('GET', `/flows/${READY_FLOW.id}/permissions/roles`);
    expect(page.items[1]?.roles).toEqual((tab.body as { items: unknown[] }).items);
  });

  it('filters by status, name and "only flows where something is set", and pages', async () => {
    const only = roleMatrixPageSchema.parse((await backend.console('GET', '/role-matrix?only=set')).body);
    expect(only.items.map((item) => item.flow.id)).toEqual([READY_FLOW.id]);
    const live = roleMatrixPageSchema.parse((await backend.console('GET', '/role-matrix?status=LIVE')).body);
    expect(live.items.map((item) => item.flow.id)).toEqual([LIVE_FLOW.id]);
    const named = roleMatrixPageSchema.parse((await backend.console('GET', '/role-matrix?search=expense')).body);
    expect(named.items.map((item) => item.flow.id)).toEqual([READY_FLOW.id]);
    const second = roleMatrixPageSchema.parse((await backend.console('GET', '/role-matrix?offset=1&limit=1')).body);
    expect(second).toMatchObject({ total: 3, offset: 1 });
    expect(second.items.map((item) => item.flow.id)).toEqual([READY_FLOW.id]);
    expect((await backend.console('GET', '/role-matrix?limit=101')).status).toBe(400);
    expect((await backend.console('GET', '/role-matrix?status=GONE')).status).toBe(400);
  });
});

describe('GET /users/:userId/flow-access', () => {
  it("answers the user's row and the decision without their own value, on the channel asked", async () => {
    const { body } = await backend.console('GET', `/users/${SEEDED_USERS.manager.id}/flow-access?channel=JS`);
    const page = userRunPageSchema.parse(body);
    const [live, ready] = page.items;
    expect(live?.row).toMatchObject({ id: SEEDED_USERS.manager.id, value: 'grant' });
    expect(ready?.row.value).toBeNull();
    expect(ready?.fallback).toEqual({ value: 'deny', level: 'customRole', role: 'Manager' });
    expect((await backend.console('GET', '/users/nobody/flow-access')).status).toBe(404);
  });
});
