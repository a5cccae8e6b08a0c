import type { Inherited, LastChange, RolePermission, UserPermission } from '../../contract/console';
import { decide } from '../../domain/decision';
import type { PermissionValue } from '../../domain/permission';
import { AUTHENTICATED_ROLE } from '../../domain/roles';
import type { DirectoryStore, User } from '../directory/directory-store';
import { allRoles } from '../directory/roles';
import { principalKey, type Principal } from '../store/types';
import type { PermissionStore, RowState, ValueVersion } from './permission-store';

/** What a row is made of: explicit values and versions, roles and who holds them. */
type RowStore = PermissionStore & DirectoryStore;

const roleKey = (name: string) => principalKey({ kind: 'role', name });
const userKey = (id: string) => principalKey({ kind: 'user', id });

/** A row's version and last change, as the API shows them (version 0 and no change until first written). */
function versionOf(versions: Map<string, ValueVersion>, key: string): { version: number; changed: LastChange | null } {
  const known = versions.get(key);
  return known
    ? { version: known.version, changed: { by: known.by, at: known.at, writeId: known.writeId } }
    : { version: 0, changed: null };
}

/**
 * What a user row inherits: the user's custom roles, then AuthenticatedUser (every logged-in user
 * holds it), then app-wide values. Channel roles depend on the call, so a row cannot know them.
 */
function inheritedForUser(
  user: User,
  values: Map<string, PermissionValue>,
  appWide: ReadonlyMap<string, PermissionValue>,
): Inherited {
  const decision = decide(
    { userId: null, customRoles: user.roles, systemRoles: [AUTHENTICATED_ROLE] },
    {
      userValue: () => undefined,
      roleValue: (role) => values.get(roleKey(role)),
      appWideValue: (role) => appWide.get(role),
    },
  );
  if (decision.level === 'user') throw new Error('unreachable: no user level for inherited values');
  return { value: decision.value, level: decision.level, ...(decision.role ? { role: decision.role } : {}) };
}

export async function userRows(store: RowStore, flowId: string, users: readonly User[]): Promise<UserPermission[]> {
  // Only the roles a row inherits through (see inheritedForUser): no read of the roles list.
  const roles = new Set([AUTHENTICATED_ROLE, ...users.flatMap((user) => user.roles)]);
  const principals: Principal[] = [
    ...users.map((user): Principal => ({ kind: 'user', id: user.id })),
    ...[...roles].map((name): Principal => ({ kind: 'role', name })),
  ];
  // Values and versions together: never a new value under the old version (or the other way round).
  const state = await store.getRowState(
    flowId,
    principals,
    users.map((user): Principal => ({ kind: 'user', id: user.id })),
  );
  return users.map((user) => userRowOf(user, state));
}

/** A user's row from what it is made of: the user's value and version, their roles' values, the app-wide values. */
export function userRowOf(user: User, { versions, values, appWide }: RowState): UserPermission {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: [...user.roles],
    value: values.get(userKey(user.id)) ?? null,
    inherited: inheritedForUser(user, values, appWide),
    ...versionOf(versions, userKey(user.id)),
  };
}

export async function roleRows(store: RowStore, flowId: string): Promise<RolePermission[]> {
  return (await roleRowsOf(store, [flowId]))[0] ?? [];
}

/** The role rows of several flows, reading what they share (roles, app-wide values, counts) once. */
export async function roleRowsOf(store: RowStore, flowIds: readonly string[]): Promise<RolePermission[][]> {
  const rows = await allRoles(store);
  const principals = rows.map((row): Principal => ({ kind: 'role', name: row.name }));
  const [appWide, counts] = await Promise.all([store.getAppWideValues(), store.countUsersByRole()]);
  return Promise.all(
    flowIds.map(async (flowId) => {
      const versions = await store.getVersions(flowId, principals); // before values: see userRows
      const values = await store.getValues(flowId, principals);
      return rows.map((row) => {
        const appWideValue = appWide.get(row.name);
        const inherited: Inherited = appWideValue
          ? { value: appWideValue, level: row.kind === 'custom' ? 'appWideCustomRole' : 'appWideSystemRole', role: row.name }
          : { value: 'grant', level: 'default' };
        // System roles depend on the call (or, for AuthenticatedUser, on who is logged in now): no count.
        const userCount = row.kind === 'custom' ? (counts.get(row.name) ?? 0) : null;
        return {
          ...row,
          value: values.get(roleKey(row.name)) ?? null,
          inherited,
          userCount,
          ...versionOf(versions, roleKey(row.name)),
        };
      });
    }),
  );
}
