import { Hono } from 'hono';
import { pageQuerySchema, renameFlowSchema, setPermissionSchema } from '../src/api/schemas';
import { ErrorCode, HttpError, notFound } from './errors';
import { requireFlow as findFlow, requireUser as findUser } from './lookups';
import { isKnownRole, roleRows, userRows } from './permission-rows';
import { StoreConflictError, type Store } from './store/types';
import { jsonBody, queryOf } from './validate';

export function consoleRoutes(store: Store) {
  const requireFlow = (flowId: string) => findFlow(store, flowId);
  const requireUser = (userId: string) => findUser(store, userId);
  const requireRole = async (name: string) => {
    if (!(await isKnownRole(store, name))) throw notFound(ErrorCode.roleNotFound, 'Role not found');
  };

  return new Hono()
    .get('/flows', async (c) => c.json(await store.listFlows(queryOf(c, pageQuerySchema))))
    .get('/flows/:flowId', async (c) => c.json(await requireFlow(c.req.param('flowId'))))
    .patch('/flows/:flowId', async (c) => {
      const flowId = c.req.param('flowId');
      const { name } = await jsonBody(c, renameFlowSchema);
      await requireFlow(flowId);
      try {
        return c.json(await store.renameFlow(flowId, name));
      } catch (error) {
        if (error instanceof StoreConflictError) throw new HttpError(409, ErrorCode.flowNameTaken, error.message);
        throw error;
      }
    })
    .delete('/flows/:flowId', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      if (flow.status === 'LIVE') {
        throw new HttpError(409, ErrorCode.flowIsLive, 'A flow with a LIVE version cannot be deleted');
      }
      await store.deleteFlow(flow.id);
      return c.body(null, 204);
    })
    .get('/flows/:flowId/permissions/users', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      const page = await store.listUsers(queryOf(c, pageQuerySchema));
      return c.json({ items: await userRows(store, flow.id, page.items), total: page.total, offset: page.offset });
    })
    .get('/flows/:flowId/permissions/users/:userId', async (c) => {
      const flow = await requireFlow(c.req.param('flowId'));
      const user = await requireUser(c.req.param('userId'));
      const [row] = await userRows(store, flow.id, [user]);
      return c.json(row);
    })
    .put('/flows/:flowId/permissions/users/:userId', async (c) => {
      const { value } = await jsonBody(c, setPermissionSchema);
      const flow = await requireFlow(c.req.param('flowId'));
      const user = await requireUser(c.req.param('userId'));
      await store.setValue(flow.id, { kind: 'user', id: user.id }, value);
      const [row] = await userRows(store, flow.id, [user]);
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
      await store.setValue(flow.id, { kind: 'role', name }, value);
      const row = (await roleRows(store, flow.id)).find((candidate) => candidate.name === name);
      return c.json(row);
    });
}
