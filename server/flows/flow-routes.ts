import { Hono } from 'hono';
import { renameFlowSchema } from '../../contract/console';
import { createFlowSchema, setFlowStatusSchema } from '../../contract/manage';
import { pageQuerySchema } from '../../contract/paging';
import { actorOf } from '../auth/console-admin';
import { withAuditEntry } from '../audit/audit-header';
import { jsonBody, query } from '../http/validate';
import type { FlowService } from './flow-service';

export function flowRoutes(flows: FlowService) {
  return new Hono()
    .get('/flows', query(pageQuerySchema), async (c) => c.json(await flows.list(c.req.valid('query'))))
    .post('/flows', jsonBody(createFlowSchema), async (c) => {
      const { flow, entries } = await flows.create(c.req.valid('json'), actorOf(c));
      withAuditEntry(c, entries);
      return c.json(flow, 201);
    })
    .get('/flows/:flowId', async (c) => c.json(await flows.get(c.req.param('flowId'))))
    .patch('/flows/:flowId', jsonBody(renameFlowSchema), async (c) => {
      const { flow, entries } = await flows.rename(c.req.param('flowId'), c.req.valid('json').name, actorOf(c));
      withAuditEntry(c, entries);
      return c.json(flow);
    })
    .delete('/flows/:flowId', async (c) => {
      await flows.remove(c.req.param('flowId'), actorOf(c));
      return c.body(null, 204);
    })
    .put('/flows/:flowId/status', jsonBody(setFlowStatusSchema), async (c) => {
      const { flow, entries } = await flows.setStatus(c.req.param('flowId'), c.req.valid('json').status, actorOf(c));
      withAuditEntry(c, entries);
      return c.json(flow);
    });
}
