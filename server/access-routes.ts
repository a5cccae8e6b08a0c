import { Hono } from 'hono';
import { activationPageQuerySchema, checkAccessSchema, type AccessCheck } from '../contract/access';
import type { FlowExposure as FlowExposureBody } from '../domain/exposure';
import { callerFor } from '../domain/caller';
import { exposureOf } from '../domain/exposure';
import { traceDecision } from '../domain/trace';
import { identityOf, outcomeOf, permissionLookup } from './access';
import { requireFlow, requireUser } from './lookups';
import { allRoles } from './permission-rows';
import type { Store } from './store/store';
import { principalKey, type Principal } from './store/types';
import { jsonBody, queryOf } from './validate';

/** What happened (the activation log) and what would happen (the access checker) on one flow. */
export function accessRoutes(store: Store) {
  return new Hono()
    .get('/flows/:flowId/activations', async (c) => {
      const flow = await requireFlow(store, c.req.param('flowId'));
      return c.json(await store.listActivations(flow.id, queryOf(c, activationPageQuerySchema)));
    })
    .post('/flows/:flowId/check-access', async (c) => {
      const { userId, channel, sessionSource } = await jsonBody(c, checkAccessSchema);
      const flow = await requireFlow(store, c.req.param('flowId'));
      const user = userId === null ? null : await requireUser(store, userId);
      // The runtime derives roles the same way: callerFor(identity, channel), as resolveCaller does.
      const caller = callerFor(identityOf(user), channel);
      const { decision, levels } = traceDecision(caller, await permissionLookup(store, flow.id, caller));
      const answer: AccessCheck = {
        flowId: flow.id,
        caller: { ...caller, customRoles: [...caller.customRoles], systemRoles: [...caller.systemRoles], channel },
        sessionSource: sessionSource ?? null,
        decision,
        levels: levels.map((level) => ({ ...level, entries: [...level.entries] })),
        outcome: outcomeOf(decision, flow),
      };
      return c.json(answer);
    })
    .get('/flows/:flowId/exposure', async (c) => {
      const flow = await requireFlow(store, c.req.param('flowId'));
      const [roles, counts, appWide, userValues] = await Promise.all([
        allRoles(store),
        store.countUsersByRole(),
        store.getAppWideValues(),
        store.countUserValues(flow.id),
      ]);
      const values = await store.getValues(flow.id, roles.map(({ name }): Principal => ({ kind: 'role', name })));
      const exposure: FlowExposureBody = exposureOf({
        roleValue: (role) => values.get(principalKey({ kind: 'role', name: role })),
        appWideValue: (role) => appWide.get(role),
        heldCustomRoles: roles.filter((role) => role.kind === 'custom' && (counts.get(role.name) ?? 0) > 0).map((role) => role.name),
        userGrants: userValues.grant,
      });
      return c.json(exposure);
    });
}
