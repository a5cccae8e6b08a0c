import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthStore } from '../../server/auth/types';
import { createMemoryStore, MAX_HISTORY_PER_FLOW, type StoreDelta } from '../../server/store/memory/memory-store';
import type { Activation } from '../../server/access/activation-store';
import type { ValueWrite } from '../../server/permissions/permission-store';
import type { Store } from '../../server/store/store';
import { StoreConflictError, type Principal } from '../../server/store/types';
import { DRAFT_FLOW, LIVE_FLOW, READY_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** The Store contract: the memory store (demo, tests), PGlite (embedded) and a PostgreSQL server agree on it. */

const manager: Principal = { kind: 'role', name: 'Manager' };
const plain: Principal = { kind: 'user', id: SEEDED_USERS.plain.id };
const write = (extra: Partial<ValueWrite> = {}): ValueWrite => ({
  by: 'admin@example.com',
  at: '2025-01-01T00:00:00.000Z',
  principalName: 'Manager',
  ...extra,
});
const page = { search: '', offset: 0, limit: 100 };

function attempt(index: number, flowId = LIVE_FLOW.id): Activation {
  return {
    id: `a${index}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    flowId,
    user: null,
    roles: ['NonAuthenticatedUser', 'RestUser'],
    channel: 'REST',
    sessionSource: null,
    decision: { value: 'grant', level: 'default' },
    outcome: 'started',
    executionId: `e${index}`,
  };
}

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store', (backend) => {
  let store: Store;
  let auth: AuthStore;
  beforeEach(async () => {
    ({ store, auth } = await backend.open(await testSeed()));
  });
  afterAll(() => backend.close());

  describe('flows', () => {
    it('lists in order, searches names and descriptions case-insensitively, and pages', async () => {
      expect((await store.listFlows(page)).items.map((flow) => flow.id)).toEqual([LIVE_FLOW.id, READY_FLOW.id, DRAFT_FLOW.id]);
      expect(await store.listFlows({ search: 'EXPENSE', offset: 0, limit: 10 })).toEqual({
        items: [READY_FLOW],
        total: 1,
        offset: 0,
      });
      expect(await store.listFlows({ search: '', offset: 1, limit: 1 })).toEqual({ items: [READY_FLOW], total: 3, offset: 1 });
      expect(await store.listFlows({ search: '', offset: 5, limit: 1 })).toEqual({ items: [], total: 3, offset: 5 });
    });

    it('finds by id and by exact name', async () => {
      expect(await store.getFlow(LIVE_FLOW.id)).toEqual(LIVE_FLOW);
      expect(await store.getFlow('nope')).toBeUndefined();
      expect(await store.findFlowByName(LIVE_FLOW.name)).toEqual(LIVE_FLOW);
      expect(await store.findFlowByName(LIVE_FLOW.name.toUpperCase())).toBeUndefined();
    });

    it('renames, refusing a name another flow has in any case', async () => {
      expect(await store.renameFlow(READY_FLOW.id, 'Approve Claims')).toEqual({ ...READY_FLOW, name: 'Approve Claims' });
      await expect(store.renameFlow(READY_FLOW.id, LIVE_FLOW.name.toLowerCase())).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.renameFlow(READY_FLOW.id, 'APPROVE CLAIMS')).toMatchObject({ name: 'APPROVE CLAIMS' });
      expect(await store.renameFlow('nope', 'x')).toBeUndefined();
    });

    it('creates flows at the end of the list and sets their status', async () => {
      const flow = {
        id: 'fl_new',
        name: 'Nightly Export',
        description: 'Exports',
        color: '#000000',
        status: 'NOT READY' as const,
      };
      expect(await store.createFlow(flow)).toEqual(flow);
      await expect(store.createFlow({ ...flow, id: 'fl_other', name: 'nightly export' })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await store.listFlows(page)).items.at(-1)).toEqual(flow);
      expect(await store.setFlowStatus(flow.id, 'LIVE')).toEqual({ ...flow, status: 'LIVE' });
      expect(await store.getFlow(flow.id)).toEqual({ ...flow, status: 'LIVE' });
      expect(await store.setFlowStatus('nope', 'LIVE')).toBeUndefined();
    });

    it('deletes a flow with its values, versions, history and activations, never while it is LIVE', async () => {
      await store.setValue(LIVE_FLOW.id, manager, 'deny', write());
      await store.recordActivation(attempt(1));
      await expect(store.deleteFlow(LIVE_FLOW.id)).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.getFlow(LIVE_FLOW.id)).toEqual(LIVE_FLOW);
      await store.setFlowStatus(LIVE_FLOW.id, 'READY');
      expect(await store.deleteFlow(LIVE_FLOW.id)).toBe(true);
      expect(await store.deleteFlow(LIVE_FLOW.id)).toBe(false);
      expect(await store.getFlow(LIVE_FLOW.id)).toBeUndefined();
      expect((await store.listActivations(LIVE_FLOW.id, { offset: 0, limit: 10 })).total).toBe(0);
      expect((await store.listHistory(LIVE_FLOW.id, { offset: 0, limit: 10 })).total).toBe(0);
      expect(await store.getValues(LIVE_FLOW.id, [manager])).toEqual(new Map());
    });
  });

  describe('users and roles', () => {
    it('lists and searches users by name or email, with their roles in the order of the roles list', async () => {
      const all = await store.listUsers(page);
      expect(all.total).toBe(3);
      expect(all.items[1]).toEqual({
        id: 'u_two',
        name: 'Ben Okafor',
        email: 'ben@example.com',
        roles: ['Manager', 'Contractor'],
      });
      expect((await store.listUsers({ search: 'CLEO@', offset: 0, limit: 10 })).items.map((user) => user.id)).toEqual([
        'u_plain',
      ]);
      expect((await store.listUsers({ search: 'silva', offset: 0, limit: 10 })).items.map((user) => user.id)).toEqual([
        'u_manager',
      ]);
      expect(await store.listUsers({ search: '', offset: 2, limit: 5 })).toMatchObject({
        total: 3,
        offset: 2,
        items: [{ id: 'u_plain' }],
      });
      expect(await store.getUser('u_plain')).toEqual({ id: 'u_plain', name: null, email: 'cleo@example.com', roles: [] });
      expect(await store.getUser('nope')).toBeUndefined();
    });

    it('registers users with unique emails and finds their credentials case-insensitively', async () => {
      const user = await store.createUser({ email: ' New@Example.com ', name: 'New', passwordHash: 'hash' });
      expect(user).toEqual({ id: expect.any(String), name: 'New', email: 'New@Example.com', roles: [] });
      expect(await store.getUser(user.id)).toEqual(user);
      expect((await store.listUsers(page)).items.at(-1)).toEqual(user);
      await expect(store.createUser({ email: 'new@example.COM', name: null, passwordHash: 'x' })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect(await store.findCredentials('NEW@example.com')).toEqual({ user, passwordHash: 'hash' });
      expect(await store.findCredentials('nobody@example.com')).toBeUndefined();
    });

    it('counts, creates and deletes custom roles; deleting one takes it from users and forgets its values', async () => {
      expect((await store.countUsersByRole()).get('Manager')).toBe(2);
      await expect(store.createCustomRole({ name: 'Manager', description: '' })).rejects.toBeInstanceOf(StoreConflictError);
      await store.createCustomRole({ name: 'Interns', description: 'Summer interns' });
      expect((await store.listCustomRoles()).at(-1)).toEqual({ name: 'Interns', description: 'Summer interns' });

      await store.setValue(LIVE_FLOW.id, manager, 'deny', write());
      await store.setAppWideValue('Manager', 'deny');
      expect(await store.deleteCustomRole('Manager')).toBe(true);
      expect(await store.deleteCustomRole('Manager')).toBe(false);
      expect((await store.listCustomRoles()).map((role) => role.name)).not.toContain('Manager');
      expect(await store.getUser('u_two')).toMatchObject({ roles: ['Contractor'] });
      expect((await store.countUsersByRole()).get('Manager') ?? 0).toBe(0);
      expect(await store.getValues(LIVE_FLOW.id, [manager])).toEqual(new Map());
      expect(await store.getAppWideValues()).toEqual(new Map());
      // Gone with its versions: a new role of the same name starts afresh, and a late write to it is refused.
      expect(await store.getVersions(LIVE_FLOW.id, [manager])).toEqual(new Map());
      expect(await store.setValue(LIVE_FLOW.id, manager, 'grant', write())).toBe('missing');
      await store.createCustomRole({ name: 'Manager', description: 'Again' });
      expect(await store.getVersions(LIVE_FLOW.id, [manager])).toEqual(new Map());
      expect(await store.setValue(LIVE_FLOW.id, manager, 'grant', write({ expectedVersion: 0 }))).toBe('written');
      expect((await store.getVersions(LIVE_FLOW.id, [manager])).get('role:Manager')).toMatchObject({ version: 1 });
    });

    it("reads a row's values, versions and app-wide values together, as the separate reads give them", async () => {
      await store.setValue(LIVE_FLOW.id, manager, 'deny', write());
      await store.setValue(LIVE_FLOW.id, plain, 'grant', write({ principalName: 'Cleo' }));
      await store.setValue(LIVE_FLOW.id, plain, null, write({ principalName: 'Cleo', expectedVersion: 1 }));
      await store.setAppWideValue('AuthenticatedUser', 'deny');
      const principals = [manager, plain, { kind: 'role', name: 'Support' } as const];
      const state = await store.getRowState(LIVE_FLOW.id, principals, [plain]);
      expect(state).toEqual({
        values: await store.getValues(LIVE_FLOW.id, principals),
        versions: await store.getVersions(LIVE_FLOW.id, [plain]),
        appWide: await store.getAppWideValues(),
      });
      expect(state.values).toEqual(new Map([['role:Manager', 'deny']]));
      expect(state.versions.get(`user:${SEEDED_USERS.plain.id}`)).toMatchObject({ version: 2, by: 'admin@example.com' });
      expect(state.appWide).toEqual(new Map([['AuthenticatedUser', 'deny']]));
    });

    it("sets a user's roles, kept in the order of the roles list", async () => {
      expect(await store.setUserRoles('u_plain', ['Support', 'Manager'])).toEqual({
        id: 'u_plain',
        name: null,
        email: 'cleo@example.com',
        roles: ['Manager', 'Support'],
      });
      expect((await store.countUsersByRole()).get('Manager')).toBe(3);
      expect(await store.setUserRoles('u_two', [])).toMatchObject({ roles: [] });
      expect((await store.countUsersByRole()).get('Contractor') ?? 0).toBe(0);
      expect(await store.setUserRoles('nope', ['Manager'])).toBeUndefined();
    });

    it('keeps and forgets sessions', async () => {
      const session = {
        tokenHash: 't1',
        userId: 'u_plain',
        login: 'password' as const,
        createdAt: '2025-01-01T00:00:00.000Z',
        expiresAt: '2025-01-31T00:00:00.000Z',
      };
      await store.createSession(session);
      expect(await store.getSession('t1')).toEqual(session);
      await store.deleteSession('t1');
      expect(await store.getSession('t1')).toBeUndefined();
    });
  });

  describe('values', () => {
    it('answers only for the principals asked about, and counts user values', async () => {
      await store.setValue(LIVE_FLOW.id, manager, 'deny', write());
      await store.setValue(LIVE_FLOW.id, plain, 'grant', write({ principalName: 'cleo@example.com' }));
      expect(await store.getValues(LIVE_FLOW.id, [manager])).toEqual(new Map([['role:Manager', 'deny']]));
      expect(await store.getValues(LIVE_FLOW.id, [manager, plain, { kind: 'role', name: 'Sales' }])).toEqual(
        new Map([
          ['role:Manager', 'deny'],
          ['user:u_plain', 'grant'],
        ]),
      );
      expect(await store.getValues(READY_FLOW.id, [manager])).toEqual(new Map());
      expect(await store.countUserValues(LIVE_FLOW.id)).toEqual({ grant: 1, deny: 0 });
    });

    it('versions every change and records it in the history, newest first', async () => {
      expect(await store.setValue(LIVE_FLOW.id, manager, 'grant', write({ writeId: 'w1' }))).toBe('written');
      expect(await store.setValue(LIVE_FLOW.id, manager, 'grant', write())).toBe('unchanged');
      expect(
        await store.setValue(LIVE_FLOW.id, manager, null, write({ by: 'other@example.com', at: '2025-01-02T00:00:00.000Z' })),
      ).toBe('written');
      expect(await store.getValues(LIVE_FLOW.id, [manager])).toEqual(new Map());
      expect(await store.getVersions(LIVE_FLOW.id, [manager, plain])).toEqual(
        new Map([['role:Manager', { version: 2, by: 'other@example.com', at: '2025-01-02T00:00:00.000Z', writeId: null }]]),
      );
      const history = await store.listHistory(LIVE_FLOW.id, { offset: 0, limit: 10 });
      expect(history.total).toBe(2);
      expect(history.items).toEqual([
        {
          id: expect.any(String),
          flowId: LIVE_FLOW.id,
          principal: manager,
          principalName: 'Manager',
          from: 'grant',
          to: null,
          by: 'other@example.com',
          at: '2025-01-02T00:00:00.000Z',
          version: 2,
          writeId: null,
          changeSetId: null,
        },
        expect.objectContaining({ from: null, to: 'grant', version: 1, writeId: 'w1', by: 'admin@example.com' }),
      ]);
    });

    it('refuses a write whose expected version is not the current one, and applies a write id once', async () => {
      expect(await store.setValue(LIVE_FLOW.id, plain, 'deny', write({ expectedVersion: 1 }))).toBe('conflict');
      expect(await store.setValue(LIVE_FLOW.id, plain, 'deny', write({ expectedVersion: 0, writeId: 'w1' }))).toBe('written');
      expect(await store.setValue(LIVE_FLOW.id, plain, 'deny', write({ expectedVersion: 0, writeId: 'w1' }))).toBe('duplicate');
      expect(await store.setValue(LIVE_FLOW.id, plain, 'grant', write({ expectedVersion: 0 }))).toBe('conflict');
      expect(await store.setValue(LIVE_FLOW.id, plain, 'grant', write({ expectedVersion: 1 }))).toBe('written');
      expect((await store.getVersions(LIVE_FLOW.id, [plain])).get('user:u_plain')?.version).toBe(2);
    });

    it('refuses a write id applied before with another value, changing nothing', async () => {
      expect(await store.setValue(LIVE_FLOW.id, plain, 'deny', write({ writeId: 'w-reused' }))).toBe('written');
      expect(await store.setValue(LIVE_FLOW.id, plain, 'grant', write({ writeId: 'w-reused' }))).toBe('reused');
      expect((await store.getValues(LIVE_FLOW.id, [plain])).get('user:u_plain')).toBe('deny');
      expect((await store.getVersions(LIVE_FLOW.id, [plain])).get('user:u_plain')?.version).toBe(1);
    });

    it('recognises a write id after more changes than the memory store keeps in its history', async () => {
      expect(await store.setValue(LIVE_FLOW.id, plain, 'deny', write({ writeId: 'first' }))).toBe('written');
      for (let index = 0; index <= MAX_HISTORY_PER_FLOW; index++) {
        await store.setValue(LIVE_FLOW.id, plain, index % 2 === 0 ? 'grant' : 'deny', write({ writeId: `w${index}` }));
      }
      expect(await store.setValue(LIVE_FLOW.id, plain, 'deny', write({ writeId: 'first' }))).toBe('duplicate');
    });

    it('leaves no value or version of a custom role deleted while it is written', async () => {
      const temp: Principal = { kind: 'role', name: 'Temp' };
      for (let round = 0; round < 5; round++) {
        await store.createCustomRole({ name: 'Temp', description: '' });
        await Promise.all([store.setValue(LIVE_FLOW.id, temp, 'deny', write()), store.deleteCustomRole('Temp')]);
        expect(await store.getValues(LIVE_FLOW.id, [temp])).toEqual(new Map());
        expect(await store.getVersions(LIVE_FLOW.id, [temp])).toEqual(new Map());
      }
    });

    it('keeps versions and history exact under fifty concurrent read-modify-write clients', async () => {
      let successes = 0;
      await Promise.all(
        Array.from({ length: 50 }, async (_, client) => {
          for (;;) {
            // Versions first, as the console API reads them (see userRows).
            const versions = await store.getVersions(LIVE_FLOW.id, [plain]);
            const values = await store.getValues(LIVE_FLOW.id, [plain]);
            const next = values.get('user:u_plain') === 'grant' ? 'deny' : 'grant';
            const expectedVersion = versions.get('user:u_plain')?.version ?? 0;
            const outcome = await store.setValue(LIVE_FLOW.id, plain, next, write({ expectedVersion, writeId: `c${client}` }));
            if (outcome === 'written') return void successes++;
            expect(outcome).toBe('conflict');
          }
        }),
      );
      expect(successes).toBe(50);
      expect((await store.getVersions(LIVE_FLOW.id, [plain])).get('user:u_plain')?.version).toBe(50);
      expect((await store.listHistory(LIVE_FLOW.id, { offset: 0, limit: 1 })).total).toBe(50);
    });

    it('keeps app-wide values two-state: only denies are held', async () => {
      await store.setAppWideValue('Contractor', 'deny');
      await store.setAppWideValue('Sales', 'grant');
      expect(await store.getAppWideValues()).toEqual(new Map([['Contractor', 'deny']]));
      await store.setAppWideValue('Contractor', 'grant');
      expect(await store.getAppWideValues()).toEqual(new Map());
    });
  });

  it('lists activations newest first, per flow', async () => {
    for (let index = 0; index < 5; index++) await store.recordActivation(attempt(index));
    await store.recordActivation(attempt(9, READY_FLOW.id));
    const listed = await store.listActivations(LIVE_FLOW.id, { offset: 1, limit: 2 });
    expect(listed).toEqual({ items: [attempt(3), attempt(2)], total: 5, offset: 1 });
  });

  describe('console accounts', () => {
    const session = (tokenHash: string, adminId: string, expiresAt = '2030-01-01T00:00:00.000Z') => ({
      tokenHash,
      adminId,
      createdAt: '2025-01-01T00:00:00.000Z',
      expiresAt,
    });

    it('creates an administrator, finds them case-insensitively, and a new password ends their sessions', async () => {
      const admin = await auth.saveAdmin({ id: 'a1', email: 'Admin@Example.com', passwordHash: 'h1' });
      expect(admin).toEqual({ id: 'a1', email: 'Admin@Example.com' });
      expect(await auth.findAdmin('admin@example.COM')).toEqual({ admin, passwordHash: 'h1' });
      await auth.createAdminSession(session('s1', 'a1'));
      const now = new Date('2025-06-01T00:00:00.000Z');
      expect(await auth.findAdminSession('s1', now)).toEqual({ admin, expiresAt: '2030-01-01T00:00:00.000Z' });
      expect(await auth.saveAdmin({ id: 'ignored', email: 'admin@example.com', passwordHash: 'h2' })).toEqual(admin);
      expect(await auth.findAdmin('admin@example.com')).toEqual({ admin, passwordHash: 'h2' });
      expect(await auth.findAdminSession('s1', now)).toBeUndefined();
    });

    it('ends sessions at their expiry and on sign-out', async () => {
      await auth.saveAdmin({ id: 'a1', email: 'admin@example.com', passwordHash: 'h' });
      await auth.createAdminSession(session('s1', 'a1', '2025-01-01T01:00:00.000Z'));
      await auth.createAdminSession(session('s2', 'a1'));
      expect(await auth.findAdminSession('s1', new Date('2025-01-01T00:59:59.000Z'))).toBeDefined();
      expect(await auth.findAdminSession('s1', new Date('2025-01-01T01:00:00.000Z'))).toBeUndefined();
      await auth.deleteAdminSession('s2');
      expect(await auth.findAdminSession('s2', new Date('2025-01-01T00:00:00.000Z'))).toBeUndefined();
    });

    it('counts sign-in attempts per key within a window', async () => {
      const key = 'console:admin@example.com';
      await store.recordLoginAttempt(key, { id: 'l1', at: '2025-01-01T00:00:00.000Z' });
      await store.recordLoginAttempt(key, { id: 'l2', at: '2025-01-01T00:10:00.000Z' });
      await store.recordLoginAttempt(key, { id: 'l3', at: '2025-01-01T00:11:00.000Z' });
      await store.recordLoginAttempt('app:admin@example.com', { id: 'l4', at: '2025-01-01T00:10:00.000Z' });
      expect(await store.listLoginAttempts(key, new Date('2025-01-01T00:05:00.000Z'))).toEqual([
        { id: 'l2', at: '2025-01-01T00:10:00.000Z' },
        { id: 'l3', at: '2025-01-01T00:11:00.000Z' },
      ]);
      await store.deleteLoginAttempt(key, 'l3');
      expect(await store.listLoginAttempts(key, new Date('2025-01-01T00:05:00.000Z'))).toHaveLength(1);
      await store.clearLoginAttempts(key);
      expect(await store.listLoginAttempts(key, new Date('2024-01-01T00:00:00.000Z'))).toEqual([]);
      expect(await store.listLoginAttempts('app:admin@example.com', new Date('2024-01-01T00:00:00.000Z'))).toHaveLength(1);
    });
  });
});

describe("the memory store's saved delta", () => {
  it('keeps created flows, statuses, created and deleted roles, and user roles across a reload', async () => {
    const seed = await testSeed();
    let saved: StoreDelta | undefined;
    const store = createMemoryStore(seed, { onChange: (delta) => (saved = structuredClone(delta)) });
    await store.createFlow({ id: 'fl_new', name: 'Nightly Export', description: '', color: '#000000', status: 'NOT READY' });
    await store.setFlowStatus('fl_new', 'LIVE');
    await store.renameFlow('fl_new', 'Nightly Export v2');
    await store.setFlowStatus(READY_FLOW.id, 'LIVE');
    await store.createCustomRole({ name: 'Interns', description: '' });
    await store.deleteCustomRole('Contractor');
    await store.setUserRoles('u_plain', ['Interns', 'Manager']);

    const reloaded = createMemoryStore(seed, { delta: JSON.parse(JSON.stringify(saved)) as StoreDelta });
    expect(await reloaded.getFlow('fl_new')).toMatchObject({ name: 'Nightly Export v2', status: 'LIVE' });
    expect(await reloaded.getFlow(READY_FLOW.id)).toMatchObject({ status: 'LIVE' });
    expect((await reloaded.listCustomRoles()).map((role) => role.name)).toEqual([
      'Manager',
      'Sales',
      'Support',
      'Finance',
      'Auditor',
      'Interns',
    ]);
    expect(await reloaded.getUser('u_plain')).toMatchObject({ roles: ['Manager', 'Interns'] });
    expect(await reloaded.getUser('u_two')).toMatchObject({ roles: ['Manager'] });
    expect((await reloaded.countUsersByRole()).get('Interns')).toBe(1);
  });
});
