import { Hono } from 'hono';
import { overviewQuerySchema, userRunQuerySchema } from '../../contract/overview';
import { query } from '../http/validate';
import type { OverviewService } from './overview-service';

export function overviewRoutes(overview: OverviewService) {
  return new Hono()
    .get('/role-matrix', query(overviewQuerySchema), async (c) => c.json(await overview.roleMatrix(c.req.valid('query'))))
    .get('/users/:userId/flow-access', query(userRunQuerySchema), async (c) =>
      c.json(await overview.userRun(c.req.param('userId'), c.req.valid('query'))),
    );
}
