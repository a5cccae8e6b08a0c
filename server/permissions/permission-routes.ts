import { Hono, type Context } from 'hono';
import {
  historyPageQuerySchema,
  matchingUsersQuerySchema,
  setPermissionSchema,
  userPageQuerySchema,
} from '../../contract/console';
import { actorOf } from '../auth/console-admin';
import { withAuditEntry } from '../audit/audit-header';
import { etagOf, jsonBody, query, writeConditions } from '../http/validate';
import type { PermissionService } from './permission-service';

/** A row answered with its version as the ETag, for the client's next If-Match. */
const withEtag = (c: Context, row: { version: number } | undefined) => {
  if (row) c.header('etag', etagOf(row.version));
  return c.json(row);
};

/** Explicit values on one flow: users' and roles' rows, conditional writes, and the flow's history. */
export function permissionRoutes(permissions: PermissionService) {
  return new Hono()
    .get('/flows/:flowId/permissions/users', query(userPageQuerySchema), async (c) =>
      c.json(await permissions.users(c.req.param('flowId'), c.req.valid('query'))),
    )
    .get('/flows/:flowId/permissions/users-matching', query(matchingUsersQuerySchema), async (c) =>
      c.json(await permissions.matchingUsers(c.req.param('flowId'), c.req.valid('query'))),
    )
    .get('/flows/:flowId/permissions/users/:userId', async (c) =>
      withEtag(c, await permissions.user(c.req.param('flowId'), c.req.param('userId'))),
    )
    .put('/flows/:flowId/permissions/users/:userId', jsonBody(setPermissionSchema), writeConditions(), async (c) => {
      const write = { ...c.req.valid('header'), by: actorOf(c) };
      const { row, entries } = await permissions.setUserValue(
        c.req.param('flowId'),
        c.req.param('userId'),
        c.req.valid('json').value,
        write,
      );
      withAuditEntry(c, entries);
      return withEtag(c, row);
    })
    .get('/flows/:flowId/permissions/roles', async (c) => c.json({ items: await permissions.roles(c.req.param('flowId')) }))
    .get('/flows/:flowId/permissions/roles/:role', async (c) =>
      withEtag(c, await permissions.role(c.req.param('flowId'), c.req.param('role'))),
    )
    .put('/flows/:flowId/permissions/roles/:role', jsonBody(setPermissionSchema), writeConditions(), async (c) => {
      const write = { ...c.req.valid('header'), by: actorOf(c) };
      const { row, entries } = await permissions.setRoleValue(
        c.req.param('flowId'),
        c.req.param('role'),
        c.req.valid('json').value,
        write,
      );
      withAuditEntry(c, entries);
      return withEtag(c, row);
    })
    .get('/flows/:flowId/history', query(historyPageQuerySchema), async (c) =>
      c.json(await permissions.history(c.req.param('flowId'), c.req.valid('query'))),
    );
}
