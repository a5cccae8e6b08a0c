import { Hono, type MiddlewareHandler } from 'hono';
import { activateByIdSchema, callFlowSchema } from '../../contract/runtime';
import { callerFor } from '../../domain/caller';
import { identityOf } from '../access/access-rule';
import type { DirectoryStore } from '../directory/directory-store';
import type { FlowStore } from '../flows/flow-store';
import { requireFlow } from '../flows/flow-service';
import { ErrorCode, HttpError } from '../http/errors';
import { jsonBody } from '../http/validate';
import type { Activate } from './activate';
import { ACTIVATE_BY_NAME, activateByName } from './activation-lane';
import type { KnownState } from './decision-cache';
import { resolvedCaller, type ResolveCaller } from './resolve-caller';

export interface AutomationRoutesOptions {
  store: Pick<FlowStore, 'getFlow' | 'findFlowByName'> & Pick<DirectoryStore, 'getUser'>;
  known?: KnownState;
  resolveCaller: ResolveCaller;
  activate: Activate;
}

const serverCodeOnly: MiddlewareHandler = async (c, next) => {
  if (c.get('caller').channel !== 'ServerCode') {
    throw new HttpError(403, ErrorCode.serverCodeOnly, 'Call Flow is for server code: use the ServerCode API key');
  }
  await next();
};

/**
 * Starting flows: by name and by id (`Backendless.Automations.activateFlow` / `activateFlowById`), and
 * Call Flow, by which one flow's server code starts another. Order of checks: who is calling (401),
 * the request (400), the flow (404), then `activate` (403, then 400 when not LIVE).
 */
export function automationRoutes({ store, known, resolveCaller, activate }: AutomationRoutesOptions) {
  const caller = resolvedCaller(resolveCaller);
  const byName = activateByName({ store, ...(known ? { known } : {}), resolveCaller, activate });
  return (
    new Hono()
      // Usually answered by the activation lane (activation-lane.ts) before the app's routes: the same handler.
      .post(ACTIVATE_BY_NAME, (c) => byName(c.req.raw))
      .post('/automation/flow/:flowId/activate', caller, jsonBody(activateByIdSchema, { whenEmpty: {} }), async (c) => {
        const flow = await requireFlow(store, c.req.param('flowId'));
        return c.json(await activate({ ...c.get('caller'), flow, sessionSource: null }));
      })
      .post('/automation/flow/:flowId/call-flow', caller, serverCodeOnly, jsonBody(callFlowSchema), async (c) => {
        const { channel } = c.get('caller');
        const { sessionSource, userId } = c.req.valid('json');
        const user = userId == null ? null : await store.getUser(userId);
        if (user === undefined) throw new HttpError(400, ErrorCode.unknownSessionUser, `No user has the id "${userId}"`);
        const flow = await requireFlow(store, c.req.param('flowId'));
        return c.json(await activate({ flow, user, caller: callerFor(identityOf(user), channel), channel, sessionSource }));
      })
  );
}
