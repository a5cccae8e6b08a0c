import { Hono } from 'hono';
import { historyPageQuerySchema, renameFlowSchema, userPageQuerySchema, setPermissionSchema, type HistoryEntry } from '../contract/console';
import { pageQuerySchema } from '../contract/paging';
import { ErrorCode, HttpError, notFound } from './errors';
import { requireFlow as findFlow, requireUser as findUser } from './lookups';
import { isKnownRole, roleRows, userRows } from './permission-rows';
import { etagOf, writeValue } from './permission-writes';
import type { Store } from './store/store';
import { StoreConflictError } from './store/types';
import { jsonBody, queryOf } from './validate';

export function consoleRoutes(store: Store) {
  const requireFlow = (flowId: string) => findFlow(store, flowId);
  const requireUser = (userId: string) => findUser(store, userId);
  const requireRole = async (name: string) => {
    if (!(await isKnownRole(store, name))) throw notFound(ErrorCode.roleNotFound, 'Role not found');
  };
  /** The flow was there at the lookup and gone at the change: deleted in between. */
  const flowGone = () => notFound(ErrorCode.flowNotFound, 'Flow not found');
  const conflict = (code: number) => (error: unknown) => {
    if (error instanceof StoreConflictError) throw new HttpError(409, code, error.message);
    throw error;
  };
  const roleRow = async (flowId: string, name: string) => {
    const row = (await roleRows(store, flowId)).find((candidate) => candidate.name === name);
    if (!row) throw notFound(ErrorCode.roleNotFound, 'Role not found');
    return row;
  };

  return new Hono()
    .get('/flows', async (c) => c.json(await store.listFlows(queryOf(c, pageQuerySchema))))
    .get('/flows/:flowId', async (c) => c.json(await requireFlow(c.req.param('flowId'))))
    .patch('/flows/:flowId', async (c) => {
      const flowId = c.req.param('flowId');
      const { name } = await jsonBody(c, renameFlowSchema);
      await requireFlow(flowId);
      const renamed = await store.renameFlow(flowId, name).catch(conflict(ErrorCode.flowNameTaken));
      if (!renamed) throw flowGone();
      return c.json(renamed);
    })
    .delete('/flows/:flowId', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      // The store refuses a LIVE flow in the same step as the delete (StoreConflictError).
      if (!(await store.deleteFlow(flow.id).catch(conflict(ErrorCode.flowIsLive)))) throw flowGone();
      return c.body(null, 204);
    })
    .get('/flows/:flowId/permissions/users', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      const { only, ...query } = queryOf(c, userPageQuerySchema);
      const page = only === 'explicit' ? await store.listUsersWithValues(flow.id, query) : await store.listUsers(query);
      return c.json({ items: await userRows(store, flow.id, page.items), total: page.total, offset: page.offset });
    })
    .get('/flows/:flowId/permissions/users/:userId', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      const user = await requireUser(c.req.param('userId'));
      const [row] = await userRows(store, flow.id, [user]);
      if (row) c.header('etag', etagOf(row.version));
      return c.json(row);
    })
    .put('/flows/:flowId/permissions/users/:userId', async (c) => {
      const { value } = await jsonBody(c, setPermissionSchema);
      const flow = await requireFlow(c.req.param('flowId'));
      const user = await requireUser(c.req.param('userId'));
      await writeValue(c, store, flow.id, { kind: 'user', id: user.id }, user.name || user.email, value);
      const [row] = await userRows(store, flow.id, [user]);
      if (row) c.header('etag', etagOf(row.version));
      return c.json(row);
    })
    .get('/flows/:flowId/permissions/roles', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      return c.json({ items: await roleRows(store, flow.id) });
    })
    .put('/flows/:flowId/permissions/roles/:role', async (c) => {
      const { value } = await jsonBody(c, setPermissionSchema);
      const flow = await requireFlow(c.req.param('flowId'));
      const name = c.req.param('role');
      await requireRole(name);
      await writeValue(c, store, flow.id, { kind: 'role', name }, name, value);
      const row = await roleRow(flow.id, name);
      c.header('etag', etagOf(row.version));
      return c.json(row);
    })
    .get('/flows/:flowId/permissions/roles/:role', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      const row = await roleRow(flow.id, c.req.param('role'));
      c.header('etag', etagOf(row.version));
      return c.json(row);
    })
    .get('/flows/:flowId/history', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      const page = await store.listHistory(flow.id, queryOf(c, historyPageQuerySchema));
      const items = page.items.map(
        (change): HistoryEntry => ({
          id: change.id,
          at: change.at,
          by: change.by,
          principal:
            change.principal.kind === 'user'
              ? { kind: 'user', id: change.principal.id, name: change.principalName }
              : { kind: 'role', id: change.principal.name, name: change.principalName },
          from: change.from,
          to: change.to,
        }),
      );
      return c.json({ items, total: page.total, offset: page.offset });
    });
}
