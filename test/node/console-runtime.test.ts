import { beforeEach, describe, expect, it } from 'vitest';
import { accessCheckSchema, activationPageSchema } from '../../contract/access';
import { appPermissionListSchema, rolePermissionListSchema } from '../../contract/console';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { createTestBackend, LIVE_FLOW, READY_FLOW, SEEDED_USERS, setValue, type TestBackend } from './support/backend';

let backend: TestBackend;
beforeEach(async () => {
  backend = await createTestBackend();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await backend.app.fetch(
    new Request(`http://backend.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const activate = (flowId: string, headers: Record<string, string> = {}) =>
  post(`/api/automation/flow/${flowId}/activate`, {}, headers);

describe('app-wide values', () => {
  it('lists every role, granted by default, and denies and grants one again', async () => {
    const listed = appPermissionListSchema.parse((await backend.console('GET', '/app-permissions')).body);
    expect(listed.items.every((row) => row.value === 'grant')).toBe(true);
    expect(listed.items.map((row) => row.name)).toEqual(expect.arrayContaining(['NonAuthenticatedUser', 'Manager']));

    expect((await backend.console('PUT', '/app-permissions/Manager', { value: 'deny' })).body).toEqual({
      name: 'Manager',
      kind: 'custom',
      description: expect.any(String),
      value: 'deny',
    });
    const roles = rolePermissionListSchema.parse((await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/roles`)).body);
    expect(roles.items.find((row) => row.name === 'Manager')?.inherited).toEqual({
      value: 'deny',
      level: 'appWideCustomRole',
      role: 'Manager',
    });
    const user = await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/users/${SEEDED_USERS.manager.id}`);
    expect(user.body).toMatchObject({ inherited: { value: 'deny', level: 'appWideCustomRole', role: 'Manager' } });

    await backend.console('PUT', '/app-permissions/Manager', { value: 'grant' });
    const again = appPermissionListSchema.parse((await backend.console('GET', '/app-permissions')).body);
    expect(again.items.find((row) => row.name === 'Manager')?.value).toBe('grant');
  });

  it('refuses an unknown role and a value that is not two-state', async () => {
    expect(await backend.console('PUT', '/app-permissions/Nobody', { value: 'deny' })).toEqual({
      status: 404,
      body: { code: 4043, message: 'Role not found' },
    });
    expect((await backend.console('PUT', '/app-permissions/Manager', { value: null })).status).toBe(400);
  });
});

describe('role rows', () => {
  it('count the users holding each custom role; system roles have no count', async () => {
    const roles = rolePermissionListSchema.parse((await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/roles`)).body);
    const count = (name: string) => roles.items.find((row) => row.name === name)?.userCount;
    expect(count('Manager')).toBe(2);
    expect(count('Contractor')).toBe(1);
    expect(count('Auditor')).toBe(0);
    expect(count('AuthenticatedUser')).toBeNull();
  });
});

describe('the activation log', () => {
  it('records every attempt, newest first, with caller, roles, channel and decision', async () => {
    await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
    await activate(LIVE_FLOW.id);
    const login = await post('/api/users/login', { login: SEEDED_USERS.manager.email, password: SEEDED_USERS.manager.password });
    const token = String(login.body?.['user-token']);
    await post(
      `/${DEMO_APP_KEYS.appId}/${DEMO_APP_KEYS.apiKeys.JS}/automation/flow/${LIVE_FLOW.id}/activate`,
      {},
      { 'user-token': token },
    );

    const page = activationPageSchema.parse((await backend.console('GET', `/flows/${LIVE_FLOW.id}/activations`)).body);
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      expect.objectContaining({
        user: { id: SEEDED_USERS.manager.id, name: 'Ana Silva', email: SEEDED_USERS.manager.email },
        roles: ['Manager', 'AuthenticatedUser', 'JSUser'],
        channel: 'JS',
        decision: { value: 'grant', level: 'default' },
        outcome: 'started',
        executionId: expect.any(String),
      }),
      expect.objectContaining({
        user: null,
        roles: ['NonAuthenticatedUser', 'RestUser'],
        channel: 'REST',
        decision: { value: 'deny', level: 'systemRole', role: 'NonAuthenticatedUser' },
        outcome: 'denied',
        executionId: null,
      }),
    ]);
    const second = activationPageSchema.parse(
      (await backend.console('GET', `/flows/${LIVE_FLOW.id}/activations?offset=1&limit=1`)).body,
    );
    expect(second.items.map((item) => item.outcome)).toEqual(['denied']);
  });

  it('records a refused attempt on a flow that is not LIVE', async () => {
    expect((await activate(READY_FLOW.id)).status).toBe(400);
    const page = activationPageSchema.parse((await backend.console('GET', `/flows/${READY_FLOW.id}/activations`)).body);
    expect(page.items.map((item) => item.outcome)).toEqual(['notLive']);
  });

  it('answers 404 for an unknown flow', async () => {
    expect((await backend.console('GET', '/flows/fl_missing/activations')).status).toBe(404);
  });
});

describe('check-access', () => {
  it('traces every level with the values found and which one decided', async () => {
    await setValue(backend, LIVE_FLOW.id, { role: 'Contractor' }, 'deny');
    await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'grant');
    await setValue(backend, LIVE_FLOW.id, { role: 'JSUser' }, 'deny');
    const { status, body } = await backend.console('POST', `/flows/${LIVE_FLOW.id}/check-access`, {
      userId: SEEDED_USERS.twoRoles.id,
      channel: 'JS',
    });
    expect(status).toBe(200);
    expect(accessCheckSchema.parse(body)).toEqual({
      flowId: LIVE_FLOW.id,
      caller: {
        userId: SEEDED_USERS.twoRoles.id,
        customRoles: ['Manager', 'Contractor'],
        systemRoles: ['AuthenticatedUser', 'JSUser'],
        channel: 'JS',
      },
      sessionSource: null,
      decision: { value: 'deny', level: 'customRole', role: 'Contractor' },
      levels: [
        { level: 'user', entries: [{ principal: SEEDED_USERS.twoRoles.id, value: null }], outcome: 'noValue' },
        {
          level: 'customRole',
          entries: [
            { principal: 'Manager', value: 'grant' },
            { principal: 'Contractor', value: 'deny' },
          ],
          outcome: 'decided',
        },
        {
          level: 'systemRole',
          entries: [
            { principal: 'AuthenticatedUser', value: null },
            { principal: 'JSUser', value: 'deny' },
          ],
          outcome: 'notReached',
        },
        {
          level: 'appWideCustomRole',
          entries: ['Manager', 'Contractor'].map((principal) => ({ principal, value: null })),
          outcome: 'notReached',
        },
        {
          level: 'appWideSystemRole',
          entries: ['AuthenticatedUser', 'JSUser'].map((principal) => ({ principal, value: null })),
          outcome: 'notReached',
        },
        { level: 'default', entries: [], outcome: 'notReached' },
      ],
      outcome: 'denied',
    });
  });

  it('checks a Call Flow by its session source', async () => {
    await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
    const none = await backend.console('POST', `/flows/${LIVE_FLOW.id}/check-access`, {
      userId: null,
      channel: 'ServerCode',
      sessionSource: 'none',
    });
    expect(accessCheckSchema.parse(none.body)).toMatchObject({
      caller: { userId: null, systemRoles: ['ServerCodeUser'] },
      outcome: 'started',
    });
  });

  it('refuses requests that make no sense', async () => {
    const check = (body: unknown) => backend.console('POST', `/flows/${LIVE_FLOW.id}/check-access`, body);
    expect((await check({ userId: null, channel: 'Telegraph' })).status).toBe(400);
    expect((await check({ userId: null, channel: 'JS', sessionSource: 'none' })).status).toBe(400);
    expect((await check({ userId: 'u_manager', channel: 'ServerCode', sessionSource: 'none' })).status).toBe(400);
    expect((await check({ userId: null, channel: 'ServerCode', sessionSource: 'triggerUser' })).status).toBe(400);
    expect((await check({ userId: 'u_nobody', channel: 'JS' })).body).toMatchObject({ code: 4042 });
    expect((await backend.console('POST', '/flows/fl_missing/check-access', { userId: null, channel: 'JS' })).status).toBe(404);
  });
});

describe('the runtime API over HTTP', () => {
  it('registers with extra keys ignored, never answering the password or its hash', async () => {
    const registered = await post('/api/users/register', {
      email: 'New@Example.com',
      password: 'pa55word',
      ___class: 'Users',
      blUserLocale: 'en',
      favouriteColour: 'teal',
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ ___class: 'Users', email: 'New@Example.com', name: null });
    expect(JSON.stringify(registered.body)).not.toMatch(/pa55word|pbkdf2|password/);

    const login = await post('/api/users/login', { login: 'new@example.com', password: 'pa55word' });
    expect(login.status).toBe(200);
    expect(JSON.stringify(login.body)).not.toMatch(/pa55word|pbkdf2|password/);
  });

  it('answers Backendless codes for bad registrations and logins', async () => {
    expect(await post('/api/users/register', { email: 'x@example.com' })).toMatchObject({ status: 400, body: { code: 3011 } });
    expect(await post('/api/users/register', { email: 'x@example.com', password: '' })).toMatchObject({
      status: 400,
      body: { code: 3011 },
    });
    expect(await post('/api/users/register', { email: 'not-an-email', password: 'x' })).toMatchObject({
      status: 400,
      body: { code: 3040 },
    });
    expect(await post('/api/users/register', { email: SEEDED_USERS.plain.email, password: 'x' })).toMatchObject({
      status: 409,
      body: { code: 3033 },
    });
    expect(await post('/api/users/login', { login: '', password: 'x' })).toMatchObject({ status: 400, body: { code: 3006 } });
    expect(await post('/api/users/login', { login: SEEDED_USERS.plain.email, password: 'nope' })).toEqual({
      status: 401,
      body: { code: 3003, message: 'Invalid login or password' },
    });
    expect(await post('/api/users/login', '{not json')).toMatchObject({ status: 400, body: { code: 1001 } });
  });

  it('refuses an unknown user-token with 3064 and 401, also on logout, but lets its holder log in again', async () => {
    const stale = { 'user-token': 'stale' };
    expect(await activate(LIVE_FLOW.id, stale)).toMatchObject({ status: 401, body: { code: 3064 } });
    const logout = await backend.app.fetch(new Request('http://backend.test/api/users/logout', { headers: stale }));
    expect(logout.status).toBe(401);
    const login = { login: SEEDED_USERS.plain.email, password: SEEDED_USERS.plain.password };
    expect((await post('/api/users/login', login, stale)).status).toBe(200);
  });

  it('refuses an unknown application id or API key with 401', async () => {
    expect(await post(`/${DEMO_APP_KEYS.appId}/WRONG-KEY/automation/flow/${LIVE_FLOW.id}/activate`, {})).toMatchObject({
      status: 401,
      body: { code: 4011 },
    });
    expect(await post(`/WRONG-APP/${DEMO_APP_KEYS.apiKeys.REST}/automation/flow/${LIVE_FLOW.id}/activate`, {})).toMatchObject({
      status: 401,
    });
  });

  it('activates with an empty body and refuses initial data that is not an object', async () => {
    const empty = await backend.app.fetch(
      new Request(`http://backend.test/api/automation/flow/${LIVE_FLOW.id}/activate`, { method: 'POST' }),
    );
    expect(empty.status).toBe(200);
    expect((await post(`/api/automation/flow/${LIVE_FLOW.id}/activate`, [1, 2])).status).toBe(400);
    expect((await post('/api/automation/flow/activate-by-name', { initialData: {} })).status).toBe(400);
  });

  it('checks the caller before the flow and the flow before the decision', async () => {
    expect((await activate('fl_missing', { 'user-token': 'stale' })).status).toBe(401);
    await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
    expect((await activate('fl_missing')).status).toBe(404);
  });

  it('refuses a Call Flow naming a user who does not exist', async () => {
    const base = `/${DEMO_APP_KEYS.appId}/${DEMO_APP_KEYS.apiKeys.ServerCode}`;
    expect(
      await post(`${base}/automation/flow/${LIVE_FLOW.id}/call-flow`, { sessionSource: 'triggerUser', userId: 'u_nobody' }),
    ).toMatchObject({ status: 400, body: { code: 4002 } });
    expect((await post(`${base}/automation/flow/${LIVE_FLOW.id}/call-flow`, { sessionSource: 'triggerUser' })).status).toBe(400);
  });

  it('keeps answering 404 with a code for unknown endpoints', async () => {
    expect(await backend.console('GET', '/nothing/here')).toMatchObject({ status: 404, body: { code: 4040 } });
    expect((await post('/api/nothing', {})).status).toBe(404);
  });
});

describe('cross-origin calls', () => {
  const preflight = (path: string) =>
    backend.app.fetch(
      new Request(`http://backend.test${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,user-token',
        },
      }),
    );

  it('lets apps on other origins call the runtime API with a user-token', async () => {
    for (const path of [
      `/api/automation/flow/${LIVE_FLOW.id}/activate`,
      `/${DEMO_APP_KEYS.appId}/${DEMO_APP_KEYS.apiKeys.JS}/users/login`,
    ]) {
      const response = await preflight(path);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-headers')).toMatch(/user-token/);
    }
    const answer = await backend.app.fetch(
      new Request(`http://backend.test/api/automation/flow/${LIVE_FLOW.id}/activate`, {
        method: 'POST',
        headers: { origin: 'https://shop.example' },
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('never lets them reach the console API', async () => {
    for (const path of [`/api/console/flows/${LIVE_FLOW.id}/permissions/roles/Manager`, '/api/console/app-permissions/Manager']) {
      const response = await preflight(path);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
