import { Hono } from 'hono';
import { impactRequestSchema } from '../../contract/impact-request';
import { jsonBody } from '../http/validate';
import type { ImpactService } from './impact-service';

export function impactRoutes(impact: ImpactService) {
  return new Hono().post('/impact', jsonBody(impactRequestSchema), async (c) =>
    c.json(await impact.preview(c.req.valid('json'))),
  );
}
