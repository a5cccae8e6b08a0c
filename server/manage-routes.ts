import { Hono } from 'hono';
import { createFlowSchema, createRoleSchema, setFlowStatusSchema, setUserRolesSchema, type CustomRoleBody, type UserAccount } from '../contract/manage';
import { pageQuerySchema } from '../contract/paging';
import { isSystemRole } from '../domain/roles';
import { badRequest, ErrorCode, HttpError, notFound } from './errors';
import { requireFlow, requireUser } from './lookups';
import type { User } from './directory/directory-store';
import type { Store } from './store/store';
import { StoreConflictError } from './store/types';
import { jsonBody, queryOf } from './validate';

const FLOW_COLORS = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899'];

const accountOf = (user: User): UserAccount => ({ id: user.id, name: user.name, email: user.email, roles: [...user.roles] });

/** Enough management to run a real app: flows and their status, custom roles, and who holds them. */
export function manageRoutes(store: Store, newId: () => string) {
  const customRoleRows = async (): Promise<CustomRoleBody[]> => {
    const [roles, counts] = await Promise.all([store.listCustomRoles(), store.countUsersByRole()]);
    return roles.map((role) => ({ name: role.name, description: role.description, userCount: counts.get(role.name) ?? 0 }));
  };
  const conflict = (code: number) => (error: unknown) => {
    if (error instanceof StoreConflictError) throw new HttpError(409, code, error.message);
    throw error;
  };

  return new Hono()
    .post('/flows', async (c) => {
      const input = await jsonBody(c, createFlowSchema);
      const id = `fl_${newId().toLowerCase()}`;
      const color = FLOW_COLORS[(await store.listFlows({ search: '', offset: 0, limit: 1 })).total % FLOW_COLORS.length] ?? '#6366f1';
      const flow = await store.createFlow({ id, color, ...input }).catch(conflict(ErrorCode.flowNameTaken));
      return c.json(flow, 201);
    })
    .put('/flows/:flowId/status', async (c) => {
      const { status } = await jsonBody(c, setFlowStatusSchema);
      const flow = await requireFlow(store, c.req.param('flowId'));
      const updated = await store.setFlowStatus(flow.id, status);
      // Deleted between the lookup and the change.
      if (!updated) throw notFound(ErrorCode.flowNotFound, 'Flow not found');
      return c.json(updated);
    })
    .get('/roles', async (c) => c.json({ items: await customRoleRows() }))
    .post('/roles', async (c) => {
      const role = await jsonBody(c, createRoleSchema);
      const taken = (name: string) => name.toLowerCase() === role.name.toLowerCase();
      if (isSystemRole(role.name)) {
        throw new HttpError(409, ErrorCode.roleNameTaken, `"${role.name}" is a system role`);
      }
      if ((await store.listCustomRoles()).some((other) => taken(other.name))) {
        throw new HttpError(409, ErrorCode.roleNameTaken, `A role named "${role.name}" already exists`);
      }
      await store.createCustomRole(role).catch(conflict(ErrorCode.roleNameTaken));
      return c.json({ ...role, userCount: 0 } satisfies CustomRoleBody, 201);
    })
    .delete('/roles/:role', async (c) => {
      const name = c.req.param('role');
      if (isSystemRole(name)) throw badRequest('System roles cannot be deleted');
      if (!(await store.deleteCustomRole(name))) throw notFound(ErrorCode.roleNotFound, 'Role not found');
      return c.body(null, 204);
    })
    .get('/users', async (c) => {
      const page = await store.listUsers(queryOf(c, pageQuerySchema));
      return c.json({ items: page.items.map(accountOf), total: page.total, offset: page.offset });
    })
    .put('/users/:userId/roles', async (c) => {
      const { roles } = await jsonBody(c, setUserRolesSchema);
      const user = await requireUser(store, c.req.param('userId'));
      const known = new Set((await store.listCustomRoles()).map((role) => role.name));
      const unknown = roles.find((role) => !known.has(role));
      if (unknown !== undefined) throw notFound(ErrorCode.roleNotFound, `No custom role is named "${unknown}"`);
      const updated = await store.setUserRoles(user.id, [...new Set(roles)]);
      if (!updated) throw notFound(ErrorCode.userNotFound, 'User not found');
      return c.json(accountOf(updated));
    });
}
