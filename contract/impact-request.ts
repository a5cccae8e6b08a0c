import { MAX_BATCH_CHANGES } from './batch';
import { explicitValueSchema, flowNameSchema, permissionValueSchema } from './console';
import { count } from './paging';
import { BOUNDS, text } from './text';
import { z } from './zod';

// The impact preview's request, apart from its answer: only the server parses it.

/** One change of an explicit value, as the batch write takes it. */
export const valueChangeSchema = z.object({
  flowId: text(BOUNDS.id),
  principal: z.object({ kind: z.enum(['user', 'role']), id: text(BOUNDS.id) }),
  value: explicitValueSchema,
  ifVersion: z.optional(count()),
});
export type ValueChangeInput = z.infer<typeof valueChangeSchema>;

export const impactRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app-wide'), role: text(BOUNDS.id), value: permissionValueSchema }),
  z.object({ kind: z.literal('role-delete'), role: text(BOUNDS.id) }),
  z.object({ kind: z.literal('flow-rename'), flowId: text(BOUNDS.id), name: flowNameSchema }),
  z.object({ kind: z.literal('flow-delete'), flowId: text(BOUNDS.id) }),
  // As many changes as one batch holds: whatever the console may send, it previews first.
  z.object({
    kind: z.literal('values'),
    changes: z.array(valueChangeSchema).check(z.minLength(1), z.maxLength(MAX_BATCH_CHANGES)),
  }),
]);
export type ImpactRequest = z.infer<typeof impactRequestSchema>;
