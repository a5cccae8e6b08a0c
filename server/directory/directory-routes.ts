import { Hono } from 'hono';
import { createRoleSchema, setUserRolesSchema } from '../../contract/manage';
import { pageQuerySchema } from '../../contract/paging';
import { jsonBody, query } from '../http/validate';
import type { DirectoryService } from './directory-service';

/** Custom roles, and who holds them. */
export function directoryRoutes(directory: DirectoryService) {
  return new Hono()
    .get('/roles', async (c) => c.json({ items: await directory.customRoles() }))
    .post('/roles', jsonBody(createRoleSchema), async (c) => c.json(await directory.createRole(c.req.valid('json')), 201))
    .delete('/roles/:role', async (c) => {
      await directory.deleteRole(c.req.param('role'));
      return c.body(null, 204);
    })
    .get('/users', query(pageQuerySchema), async (c) => c.json(await directory.users(c.req.valid('query'))))
    .put('/users/:userId/roles', jsonBody(setUserRolesSchema), async (c) =>
      c.json(await directory.setUserRoles(c.req.param('userId'), c.req.valid('json').roles)),
    );
}
