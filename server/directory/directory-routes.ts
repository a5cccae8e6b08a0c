import { Hono } from 'hono';
import { createRoleSchema, setUserRolesSchema } from '../../contract/manage';
import { pageQuerySchema } from '../../contract/paging';
import { actorOf } from '../auth/console-admin';
import { withAuditEntry } from '../audit/audit-header';
import { jsonBody, query } from '../http/validate';
import type { DirectoryService } from './directory-service';

/** Custom roles, and who holds them. */
export function directoryRoutes(directory: DirectoryService) {
  return new Hono()
    .get('/roles', async (c) => c.json({ items: await directory.customRoles() }))
    .post('/roles', jsonBody(createRoleSchema), async (c) =>
      c.json(await directory.createRole(c.req.valid('json'), actorOf(c)), 201),
    )
    .delete('/roles/:role', async (c) => {
      await directory.deleteRole(c.req.param('role'), actorOf(c));
      return c.body(null, 204);
    })
    .get('/users', query(pageQuerySchema), async (c) => c.json(await directory.users(c.req.valid('query'))))
    .put('/users/:userId/roles', jsonBody(setUserRolesSchema), async (c) => {
      const { account, entries } = await directory.setUserRoles(c.req.param('userId'), c.req.valid('json').roles, actorOf(c));
      withAuditEntry(c, entries);
      return c.json(account);
    });
}
