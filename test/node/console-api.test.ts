import { beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { generateSeed } from '../../server/seed/demo';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import type { Store } from '../../server/store/store';

const appOn = (store: Store) => createApp({ store, keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth() });

let app: App;
let store: Store;
beforeEach(() => {
  store = createMemoryStore(generateSeed());
  app = appOn(store);
});

async function call(method: string, path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await app.fetch(new Request(`http://test/api/console${path}`, init));
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

describe('flows', () => {
  it('lists flows with search', async () => {
    const all = await call('GET', '/flows');
    expect(all.status).toBe(200);
    expect(all.body?.total).toBe(12);
    const found = await call('GET', '/flows?search=invoice');
    expect((found.body?.items as { name: string }[]).map((flow) => flow.name)).toEqual(['Generate Monthly Invoices']);
  });

  it('renames a flow and refuses a duplicate name with 409', async () => {
    expect((await call('PATCH', '/flows/fl_0002', { name: 'Approve Expenses' })).body).toMatchObject({
      name: 'Approve Expenses',
    });
    const duplicate = await call('PATCH', '/flows/fl_0002', { name: 'send welcome email' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ code: 4090, message: 'A flow named "send welcome email" already exists' });
  });

  it('refuses to delete a LIVE flow with 409 and deletes another', async () => {
    expect((await call('DELETE', '/flows/fl_0001')).status).toBe(409);
    const notLive = (await call('GET', '/flows')).body?.items as { id: string; status: string }[];
    const target = notLive.find((flow) => flow.status !== 'LIVE');
    expect(target).toBeDefined();
    expect((await call('DELETE', `/flows/${target?.id}`)).status).toBe(204);
    expect((await call('GET', `/flows/${target?.id}`)).status).toBe(404);
  });

  it('refuses to delete a flow that turned LIVE after it was looked up', async () => {
    const live = await store.getFlow('fl_0001');
    expect(live?.status).toBe('LIVE');
    // The lookup still sees the flow before it went LIVE.
    app = appOn({ ...store, getFlow: async (id) => (id === live?.id ? { ...live, status: 'READY' } : store.getFlow(id)) });
    const refused = await call('DELETE', '/flows/fl_0001');
    expect(refused).toEqual({ status: 409, body: { code: 4091, message: 'A flow with a LIVE version cannot be deleted' } });
    expect(await store.getFlow('fl_0001')).toEqual(live);
  });

  it('answers 404 when the flow is deleted between the lookup and the change', async () => {
    app = appOn({
      ...store,
      renameFlow: async () => undefined,
      setFlowStatus: async () => undefined,
      deleteFlow: async () => false,
    });
    const gone = { status: 404, body: { code: 4041, message: 'Flow not found' } };
    expect(await call('PATCH', '/flows/fl_0002', { name: 'Approve Expenses' })).toEqual(gone);
    expect(await call('PUT', '/flows/fl_0002/status', { status: 'READY' })).toEqual(gone);
    expect(await call('DELETE', '/flows/fl_0002')).toEqual(gone);
  });
});

describe('permissions', () => {
  it('pages users: at most one page plus the total', async () => {
    const first = await call('GET', '/flows/fl_0001/permissions/users?limit=100');
    expect((first.body?.items as unknown[]).length).toBe(100);
    expect(first.body?.total).toBe(300);
    const last = await call('GET', '/flows/fl_0001/permissions/users?offset=250&limit=100');
    expect((last.body?.items as unknown[]).length).toBe(50);
    expect((await call('GET', '/flows/fl_0001/permissions/users?limit=101')).status).toBe(400);
  });

  it('searches users by name or email on the server', async () => {
    const found = await call('GET', '/flows/fl_0001/permissions/users?search=yara.moreau');
    const items = found.body?.items as { email: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((user) => user.email.includes('yara.moreau'))).toBe(true);
    expect(found.body?.total).toBe(items.length);
  });

  it('shows what a user in a denied role inherits, naming the role', async () => {
    const page = await call('GET', '/flows/fl_0001/permissions/users?limit=100');
    const contractor = (page.body?.items as { roles: string[]; value: unknown; inherited: unknown }[]).find(
      (user) => user.roles.includes('Contractor') && user.value === null,
    );
    expect(contractor?.inherited).toEqual({ value: 'deny', level: 'customRole', role: 'Contractor' });
  });

  it('sets, reads back and clears a role value', async () => {
    const set = await call('PUT', '/flows/fl_0003/permissions/roles/NonAuthenticatedUser', { value: 'deny' });
    expect(set.body).toMatchObject({ name: 'NonAuthenticatedUser', kind: 'system', value: 'deny' });
    const roles = (await call('GET', '/flows/fl_0003/permissions/roles')).body?.items as { name: string; value: unknown }[];
    expect(roles.find((role) => role.name === 'NonAuthenticatedUser')?.value).toBe('deny');
    expect((await call('PUT', '/flows/fl_0003/permissions/roles/NonAuthenticatedUser', { value: null })).body?.value).toBeNull();
  });

  it('lists every system role and the custom roles', async () => {
    const roles = (await call('GET', '/flows/fl_0001/permissions/roles')).body?.items as { name: string; kind: string }[];
    expect(roles.filter((role) => role.kind === 'system').map((role) => role.name)).toContain('ServerCodeUser');
    expect(roles.filter((role) => role.kind === 'custom').map((role) => role.name)).toContain('Manager');
  });

  it('sets a user value and a role change updates what the user inherits', async () => {
    const user = await call('PUT', '/flows/fl_0004/permissions/users/u_000001', { value: 'grant' });
    expect(user.body).toMatchObject({ id: 'u_000001', value: 'grant' });
    await call('PUT', '/flows/fl_0004/permissions/roles/AuthenticatedUser', { value: 'deny' });
    const row = await call('GET', '/flows/fl_0004/permissions/users/u_000001');
    expect(row.body?.inherited).toMatchObject({ value: 'deny', role: 'AuthenticatedUser' });
  });
});

describe('custom roles', () => {
  it('refuses to create or delete a role named like a system role, in any case', async () => {
    expect(await call('POST', '/roles', { name: 'restuser', description: '' })).toMatchObject({
      status: 409,
      body: { code: 4092 },
    });
    expect(await call('DELETE', '/roles/RestUser')).toMatchObject({ status: 400 });
    expect(await call('DELETE', '/roles/RESTUSER')).toMatchObject({ status: 400 });
  });

  it('starts a role made again under a deleted name at version 0, with no last change', async () => {
    expect((await call('PUT', '/flows/fl_0001/permissions/roles/Auditor', { value: 'deny' })).body).toMatchObject({ version: 1 });
    expect((await call('DELETE', '/roles/Auditor')).status).toBe(204);
    expect((await call('POST', '/roles', { name: 'Auditor', description: 'Again' })).status).toBe(201);
    expect((await call('GET', '/flows/fl_0001/permissions/roles/Auditor')).body).toMatchObject({
      value: null,
      version: 0,
      changed: null,
    });
  });
});

describe('bad input', () => {
  it.each([
    ['GET', '/flows/nope', undefined, 404, 4041],
    ['GET', '/flows/nope/permissions/users', undefined, 404, 4041],
    ['PUT', '/flows/fl_0001/permissions/users/nobody', { value: 'grant' }, 404, 4042],
    ['PUT', '/flows/fl_0001/permissions/roles/Nobody', { value: 'grant' }, 404, 4043],
    ['PUT', '/flows/fl_0001/permissions/roles/Manager', { value: 'maybe' }, 400, 1000],
    ['PUT', '/flows/fl_0001/permissions/roles/Manager', {}, 400, 1000],
    ['PUT', '/flows/fl_0001/permissions/roles/Manager', '{not json', 400, 1001],
    ['PATCH', '/flows/fl_0001', { name: '   ' }, 400, 1000],
    ['GET', '/nowhere', undefined, 404, 4040],
  ])('%s %s answers %i with a { code, message } body', async (method, path, body, status, code) => {
    const answer = await call(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ code, message: expect.any(String) });
  });
});
