import { Hono } from 'hono';
import { setAppPermissionSchema, type AppPermission } from '../contract/console';
import { ErrorCode, notFound } from './errors';
import { allRoles } from './permission-rows';
import type { Store } from './store/store';
import { jsonBody } from './validate';

async function appPermissionRows(store: Store): Promise<AppPermission[]> {
  const [rows, appWide] = await Promise.all([allRoles(store), store.getAppWideValues()]);
  return rows.map((row) => ({ ...row, value: appWide.get(row.name) === 'deny' ? 'deny' : 'grant' }));
}

/** App-wide values per role (two-state, granted by default): what the flows' inherited rows inherit. */
export function appPermissionRoutes(store: Store) {
  return new Hono()
    .get('/app-permissions', async (c) => c.json({ items: await appPermissionRows(store) }))
    .put('/app-permissions/:role', async (c) => {
      const { value } = await jsonBody(c, setAppPermissionSchema);
      const name = c.req.param('role');
      const known = (await appPermissionRows(store)).some((row) => row.name === name);
      if (!known) throw notFound(ErrorCode.roleNotFound, 'Role not found');
      await store.setAppWideValue(name, value);
      return c.json((await appPermissionRows(store)).find((row) => row.name === name));
    });
}
