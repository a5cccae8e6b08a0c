import { Hono } from 'hono';
import { activationPageQuerySchema, checkAccessSchema, type AccessCheck } from '../src/api/schemas';
import { callerFor } from '../src/domain/caller';
import { traceDecision } from '../src/domain/trace';
import { identityOf, outcomeOf, permissionLookup } from './access';
import { requireFlow, requireUser } from './lookups';
import type { Store } from './store/types';
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
    });
}
