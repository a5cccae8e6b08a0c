import { explicitValueSchema, lastChangeSchema } from './console';
import { count } from './paging';
import { BOUNDS, text } from './text';
import { z } from './zod';

/**
 * Batch writes: a list of changes of explicit values, applied all or nothing as one change set, which
 * one Undo reverts.
 */

/** The most changes one batch may hold; more are refused with 413. */
export const MAX_BATCH_CHANGES = 10_000;

export const batchPrincipalSchema = z.union([
  z.object({ kind: z.literal('user'), id: text(BOUNDS.id).check(z.minLength(1)) }),
  z.object({ kind: z.literal('role'), name: text(BOUNDS.name).check(z.minLength(1)) }),
]);
export type BatchPrincipal = z.infer<typeof batchPrincipalSchema>;

export const batchChangeSchema = z.object({
  flowId: text(BOUNDS.id).check(z.minLength(1)),
  principal: batchPrincipalSchema,
  /** The target: granted, denied, or `null` for inherited. */
  value: explicitValueSchema,
  /** The version the change is based on; the whole batch is refused (412) if the row has moved on. */
  ifVersion: z.optional(count()),
});
export type BatchChangeInput = z.infer<typeof batchChangeSchema>;

export const batchRequestSchema = z.object({
  changes: z
    .array(batchChangeSchema)
    .check(
      z.minLength(1, 'A batch needs at least one change'),
      z.maxLength(MAX_BATCH_CHANGES, `A batch may hold at most ${MAX_BATCH_CHANGES} changes`),
    ),
});
export type BatchRequest = z.infer<typeof batchRequestSchema>;

/** A row as a batch left it, or, in a 412, as it stands now. */
export const batchRowSchema = z.object({
  flowId: z.string(),
  principal: batchPrincipalSchema,
  value: explicitValueSchema,
  version: count(),
  changed: z.nullable(lastChangeSchema),
});
export type BatchRow = z.infer<typeof batchRowSchema>;

/** 200: every change applied (a row that already had its target is answered as it is, with no change). */
export const batchAnswerSchema = z.object({
  changeSetId: z.string(),
  changes: z.array(batchRowSchema),
});
export type BatchAnswer = z.infer<typeof batchAnswerSchema>;

/** 412 (code 4121): nothing applied; the rows whose versions were not the ones named, as they are now. */
export const batchConflictSchema = z.object({
  code: z.number(),
  message: z.string(),
  conflicts: z.array(batchRowSchema),
});

/** 422 (code 4221): nothing applied; every flow id, user id and role name that does not exist. */
export const unknownTargetsSchema = z.object({
  code: z.number(),
  message: z.string(),
  unknown: z.object({ flows: z.array(z.string()), users: z.array(z.string()), roles: z.array(z.string()) }),
});
export type UnknownTargets = z.infer<typeof unknownTargetsSchema>['unknown'];

export const changeSetIdSchema = text(BOUNDS.id).check(z.minLength(1));
