import type { AppPermission } from '../../contract/console';
import type { PermissionValue } from '../../domain/permission';
import type { DirectoryStore } from '../directory/directory-store';
import { allRoles } from '../directory/roles';
import { ErrorCode, notFound } from '../http/errors';
import type { Auditor } from '../audit/auditor';
import type { PermissionStore } from './permission-store';

/** App-wide values per role (two-state, granted by default): what the flows' inherited rows inherit. */
export function createAppPermissionService({ store, auditor }: { store: DirectoryStore & PermissionStore; auditor: Auditor }) {
  const rows = async (): Promise<AppPermission[]> => {
    const [roles, appWide] = await Promise.all([allRoles(store), store.getAppWideValues()]);
    return roles.map((row) => ({ ...row, value: appWide.get(row.name) === 'deny' ? 'deny' : 'grant' }));
  };
  return {
    list: rows,
    async set(role: string, value: PermissionValue, by: string) {
      if (!(await rows()).some((row) => row.name === role)) throw notFound(ErrorCode.roleNotFound, 'Role not found');
      const { entries } = await auditor.run(
        async (tx) => {
          const before = (await tx.getAppWideValues()).get(role) === 'deny' ? 'deny' : 'grant';
          await tx.setAppWideValue(role, value);
          return before;
        },
        (before) =>
          before === value
            ? []
            : [{ kind: 'app-wide.value', by, principal: { kind: 'role', id: role, name: role }, before, after: value }],
      );
      return { row: (await rows()).find((row) => row.name === role), entries };
    },
  };
}

export type AppPermissionService = ReturnType<typeof createAppPermissionService>;
