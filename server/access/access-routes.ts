import { Hono } from 'hono';
import { activationPageQuerySchema, checkAccessSchema } from '../../contract/access';
import { jsonBody, query } from '../http/validate';
import type { AccessService } from './access-service';

export function accessRoutes(access: AccessService) {
  return new Hono()
    .get('/flows/:flowId/activations', query(activationPageQuerySchema), async (c) =>
      c.json(await access.activations(c.req.param('flowId'), c.req.valid('query'))),
    )
    .post('/flows/:flowId/check-access', jsonBody(checkAccessSchema), async (c) =>
      c.json(await access.check(c.req.param('flowId'), c.req.valid('json'))),
    )
    .get('/flows/:flowId/exposure', async (c) => c.json(await access.exposure(c.req.param('flowId'))))
    .get('/flows/:flowId/who-can-start', async (c) => c.json(await access.whoCanStart(c.req.param('flowId'))));
}
