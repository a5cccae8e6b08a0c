import { Hono } from 'hono';
import type * as z from 'zod/mini';
import { batchRequestSchema, changeSetIdSchema } from '../../contract/batch';
import { actorOf } from '../auth/console-admin';
import { badRequest } from '../http/errors';
import { jsonBody } from '../http/validate';
import { batchTooLarge, type BatchService } from './batch-service';

/** Over the limit is 413 with the limit in the message, whatever else the body holds. */
function tooLargeOrInvalid(error: z.core.$ZodError) {
  if (error.issues.some((issue) => issue.code === 'too_big' && issue.path.join('.') === 'changes')) return batchTooLarge();
  const issue = error.issues[0];
  return badRequest(issue ? `${issue.path.join('.')}: ${issue.message}` : 'Invalid request');
}

/** Batch writes of explicit values across flows, and the Undo of one. */
export function batchRoutes(batches: BatchService) {
  return new Hono()
    .post('/permissions/batch', jsonBody(batchRequestSchema, { invalid: tooLargeOrInvalid }), async (c) =>
      c.json(await batches.write(c.req.valid('json').changes, actorOf(c))),
    )
    .post('/permissions/batch/:changeSetId/undo', async (c) => {
      const id = changeSetIdSchema.safeParse(c.req.param('changeSetId'));
      if (!id.success) throw badRequest('changeSetId: not a change set id');
      return c.json(await batches.undo(id.data, actorOf(c)));
    });
}
