import { Hono } from 'hono';
import { newAccessTestSchema } from '../../contract/access-tests';
import { actorOf } from '../auth/console-admin';
import { jsonBody } from '../http/validate';
import type { AccessTestService } from './access-test-service';

/** A flow's saved access tests: list them with their results now, save one, delete one. */
export function accessTestRoutes(tests: AccessTestService) {
  return new Hono()
    .get('/flows/:flowId/access-tests', async (c) => c.json(await tests.list(c.req.param('flowId'))))
    .post('/flows/:flowId/access-tests', jsonBody(newAccessTestSchema), async (c) =>
      c.json(await tests.add(c.req.param('flowId'), c.req.valid('json'), actorOf(c)), 201),
    )
    .delete('/flows/:flowId/access-tests/:id', async (c) => {
      await tests.remove(c.req.param('flowId'), c.req.param('id'), actorOf(c));
      return c.body(null, 204);
    });
}
