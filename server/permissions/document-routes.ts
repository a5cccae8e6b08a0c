import { Hono } from 'hono';
import { accessTestsSchema, applyRequestSchema, planRequestSchema } from '../../contract/permissions-document';
import { isSafeText } from '../../contract/text';
import { actorOf } from '../auth/console-admin';
import { badRequest } from '../http/errors';
import { jsonBody } from '../http/validate';
import type { DocumentService } from './document-service';

/** Permissions as code: export, plan and apply a permissions document; run permission tests. */
export function documentRoutes(documents: DocumentService) {
  return new Hono()
    .get('/permissions/document', async (c) => {
      const flows = c.req.queries('flow') ?? [];
      if (flows.length > 1000 || flows.some((name) => !isSafeText(name, 100))) {
        throw badRequest('flow: at most 1,000 flow names of at most 100 characters each');
      }
      return c.json(await documents.exportDocument(flows));
    })
    .post('/permissions/document/plan', jsonBody(planRequestSchema), async (c) =>
      c.json(await documents.plan(c.req.valid('json').document)),
    )
    .post('/permissions/document/apply', jsonBody(applyRequestSchema), async (c) => {
      const { document, ifRevision } = c.req.valid('json');
      return c.json(await documents.apply(document, ifRevision, actorOf(c)));
    })
    .post('/permissions/tests/run', jsonBody(accessTestsSchema), async (c) =>
      c.json(await documents.runTests(c.req.valid('json').tests)),
    );
}
