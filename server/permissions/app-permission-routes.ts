import { Hono } from 'hono';
import { setAppPermissionSchema } from '../../contract/console';
import { actorOf } from '../auth/console-admin';
import { withAuditEntry } from '../audit/audit-header';
import { jsonBody } from '../http/validate';
import type { AppPermissionService } from './app-permission-service';

export function appPermissionRoutes(appPermissions: AppPermissionService) {
  return new Hono()
    .get('/app-permissions', async (c) => c.json({ items: await appPermissions.list() }))
    .put('/app-permissions/:role', jsonBody(setAppPermissionSchema), async (c) => {
      const { row, entries } = await appPermissions.set(c.req.param('role'), c.req.valid('json').value, actorOf(c));
      withAuditEntry(c, entries);
      return c.json(row);
    });
}
