import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccessService } from '../../server/access/access-service';
import { callerFor, CHANNELS } from '../../domain/caller';
import { decide } from '../../domain/decision';
import type { PermissionValue } from '../../domain/permission';
import { SYSTEM_ROLES } from '../../domain/roles';
import { CUSTOM_ROLES, flowId, generateSeed } from '../../server/seed/demo';
import { createRandom } from '../../server/seed/random';
import type { Store } from '../../server/store/store';
import { principalKey, type Principal } from '../../server/store/types';
import { ALL_BACKENDS } from './support/stores';

/** Who can start a flow, counted by role sets in each store, against the rule run for every user one by one. */

// The seed presets no value on its fourth flow.
const FLOW = flowId(3);
const write = { by: 'admin@example.com', at: '2026-12-02T00:00:00.000Z', principalName: 'x' };

async function bruteForce(store: Store) {
  const { items: users } = await store.listUsers({ search: '', offset: 0, limit: 100_000 });
  const roles = [...SYSTEM_ROLES.map((role) => role.name), ...(await store.listCustomRoles()).map((role) => role.name)];
  const principals: Principal[] = [
    ...roles.map((name): Principal => ({ kind: 'role', name })),
    ...users.map((user): Principal => ({ kind: 'user', id: user.id })),
  ];
  const [values, appWide] = await Promise.all([store.getValues(FLOW, principals), store.getAppWideValues()]);
  const lookup = {
    userValue: (id: string) => values.get(principalKey({ kind: 'user', id })),
    roleValue: (name: string) => values.get(principalKey({ kind: 'role', name })),
    appWideValue: (role: string) => appWide.get(role),
  };
  const allows = (caller: ReturnType<typeof callerFor>) => decide(caller, lookup).value === 'grant';
  const allowed = users.filter((user) =>
    CHANNELS.some((channel) => allows(callerFor({ userId: user.id, roles: user.roles, login: 'password' }, channel))),
  ).length;
  const anonymous = CHANNELS.filter((channel) => channel !== 'ServerCode').map((channel) => allows(callerFor(null, channel)));
  return {
    flowId: FLOW,
    anonymous: anonymous.every(Boolean) ? 'all' : anonymous.some(Boolean) ? 'some' : 'none',
    serverCode: allows(callerFor(null, 'ServerCode')),
    users: { allowed, total: users.length },
  };
}

describe.each(ALL_BACKENDS.map((make) => make()))('who can start, on the $name store', (backend) => {
  let store: Store;
  beforeEach(async () => {
    ({ store } = await backend.open(generateSeed({ users: 400, flows: 4, seed: 7 })));
  });
  afterAll(() => backend.close());

  const summary = () => createAccessService({ store }).whoCanStart(FLOW);

  it('counts every user when nothing is set, and anonymous callers everywhere', async () => {
    expect(await summary()).toEqual({ flowId: FLOW, anonymous: 'all', serverCode: true, users: { allowed: 400, total: 400 } });
  });

  it('agrees with the rule run user by user through values, app-wide values, role changes, sign-ups and role deletions', async () => {
    const random = createRandom(11);
    const roleNames = () => [...SYSTEM_ROLES.map((role) => role.name), ...CUSTOM_ROLES.map((role) => role.name)];
    const pick = <T>(list: readonly T[]) => list[random.int(list.length)] as T;
    const value = (): PermissionValue | null => pick<PermissionValue | null>(['grant', 'deny', null]);
    for (let step = 0; step < 24; step++) {
      const { items: users } = await store.listUsers({ search: '', offset: 0, limit: 100_000 });
      switch (step % 6) {
        case 0:
        case 1:
          await store.setValue(FLOW, { kind: 'role', name: pick(roleNames()) }, value(), write);
          break;
        case 2:
          for (let n = 0; n < 8; n++) await store.setValue(FLOW, { kind: 'user', id: pick(users).id }, value(), write);
          break;
        case 3:
          await store.setAppWideValue(pick(roleNames()), pick<PermissionValue>(['grant', 'deny']));
          break;
        case 4:
          await store.setUserRoles(
            pick(users).id,
            CUSTOM_ROLES.map((role) => role.name).filter(() => random.chance(0.4)),
          );
          break;
        default:
          await store.createUser({ email: `new${step}@example.com`, name: null, passwordHash: 'x' });
      }
      expect(await summary(), `after step ${step}`).toEqual(await bruteForce(store));
    }
    await store.deleteCustomRole('Contractor');
    expect(await summary()).toEqual(await bruteForce(store));
  });

  it('stays exact when many users change roles at once, each in its own audited transaction', async () => {
    await store.setValue(FLOW, { kind: 'role', name: 'AuthenticatedUser' }, 'deny', write);
    await store.setValue(FLOW, { kind: 'role', name: 'Sales' }, 'grant', write);
    await store.setValue(FLOW, { kind: 'role', name: 'Manager' }, 'deny', write);
    expect(await summary()).toEqual(await bruteForce(store));
    const { items: users } = await store.listUsers({ search: '', offset: 0, limit: 40 });
    // Half the users move from {Sales} to {Manager, Sales}, the other half the other way: changes that cross.
    const sets = [['Sales'], ['Manager', 'Sales']];
    await Promise.all(users.map((user, index) => store.setUserRoles(user.id, sets[index % 2] ?? [])));
    expect(await summary()).toEqual(await bruteForce(store));
    await Promise.all(
      users.map((user, index) =>
        store.audited(
          (tx) => tx.setUserRoles(user.id, sets[(index + 1) % 2] ?? []),
          () => [],
        ),
      ),
    );
    expect(await summary()).toEqual(await bruteForce(store));
    // The same set again moves nobody; an unknown user changes nothing.
    await store.setUserRoles(users[0]?.id ?? '', ['Manager', 'Sales']);
    await store.setUserRoles('no-such-user', ['Sales']);
    expect(await summary()).toEqual(await bruteForce(store));
  });

  it('says nobody when every way in is denied', async () => {
    for (const name of ['NonAuthenticatedUser', 'AuthenticatedUser', 'ServerCodeUser'])
      await store.setValue(FLOW, { kind: 'role', name }, 'deny', write);
    expect(await summary()).toMatchObject({ anonymous: 'none', serverCode: false, users: { allowed: 0, total: 400 } });
    const { items } = await store.listUsers({ search: '', offset: 0, limit: 3 });
    for (const user of items) await store.setValue(FLOW, { kind: 'user', id: user.id }, 'grant', write);
    expect(await summary()).toMatchObject({ users: { allowed: 3, total: 400 } });
  });
});
