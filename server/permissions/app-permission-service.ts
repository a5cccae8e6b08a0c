import type { AppPermission } from '../../contract/console';
import type { PermissionValue } from '../../domain/permission';
import type { DirectoryStore } from '../directory/directory-store';
import { allRoles } from '../directory/roles';
import { ErrorCode, notFound } from '../http/errors';
import type { PermissionStore } from './permission-store';

/** App-wide values per role (two-state, granted by default): what the flows' inherited rows inherit. */
export function createAppPermissionService({ store }: { store: DirectoryStore & PermissionStore }) {
  const rows = async (): Promise<AppPermission[]> => {
    const [roles, appWide] = await Promise.all([allRoles(store), store.getAppWideValues()]);
    return roles.map((row) => ({ ...row, value: appWide.get(row.name) === 'deny' ? 'deny' : 'grant' }));
  };
  return {
    list: rows,
    async set(role: string, value: PermissionValue): Promise<AppPermission | undefined> {
      if (!(await rows()).some((row) => row.name === role)) throw notFound(ErrorCode.roleNotFound, 'Role not found');
      await store.setAppWideValue(role, value);
      return (await rows()).find((row) => row.name === role);
    },
  };
}

export type AppPermissionService = ReturnType<typeof createAppPermissionService>;
