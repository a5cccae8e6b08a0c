import { Hono } from 'hono';
import { activateByIdSchema, activateByNameSchema, callFlowSchema } from '../../contract/runtime';
import { callerFor } from '../../domain/caller';
import { identityOf } from '../access';
import { ErrorCode, HttpError, notFound } from '../errors';
import { requireFlow } from '../lookups';
import type { Store } from '../store/store';
import { parseWith, readJson } from '../validate';
import type { Activate } from './activate';
import type { ResolveCaller } from './resolve-caller';

export interface AutomationRoutesOptions {
  store: Store;
  resolveCaller: ResolveCaller;
  activate: Activate;
}

/**
 * Starting flows: by name and by id (`Backendless.Automations.activateFlow` / `activateFlowById`), and
 * Call Flow, by which one flow's server code starts another. Order of checks: who is calling (401),
 * the request (400), the flow (404), then `activate` (403, then 400 when not LIVE).
 */
export function automationRoutes({ store, resolveCaller, activate }: AutomationRoutesOptions) {
  return new Hono()
    .post('/automation/flow/activate-by-name', async (c) => {
      const { user, caller, channel } = await resolveCaller(c.req.raw);
      const { name } = parseWith(activateByNameSchema, await readJson(c));
      const flow = await store.findFlowByName(name);
      if (!flow) throw notFound(ErrorCode.flowNotFound, `No flow is named "${name}"`);
      return c.json(await activate({ flow, user, caller, channel, sessionSource: null }));
    })
    .post('/automation/flow/:flowId/activate', async (c) => {
      const { user, caller, channel } = await resolveCaller(c.req.raw);
      parseWith(activateByIdSchema, await readJson(c, {}));
      const flow = await requireFlow(store, c.req.param('flowId'));
      return c.json(await activate({ flow, user, caller, channel, sessionSource: null }));
    })
    .post('/automation/flow/:flowId/call-flow', async (c) => {
      const { channel } = await resolveCaller(c.req.raw);
      if (channel !== 'ServerCode') {
        throw new HttpError(403, ErrorCode.serverCodeOnly, 'Call Flow is for server code: use the ServerCode API key');
      }
      const { sessionSource, userId } = parseWith(callFlowSchema, await readJson(c));
      const user = userId == null ? null : await store.getUser(userId);
      if (user === undefined) throw new HttpError(400, ErrorCode.unknownSessionUser, `No user has the id "${userId}"`);
      const flow = await requireFlow(store, c.req.param('flowId'));
      const caller = callerFor(identityOf(user), channel);
      return c.json(await activate({ flow, user, caller, channel, sessionSource }));
    });
}
