import { auditKindSchema } from './audit';
import { limitParam, offsetParam } from './paging';
import { BOUNDS, text } from './text';
import { z } from './zod';

// The audit log's query strings, apart from its answers: only the server parses them, and the zod
// parts they need stay out of the console's initial JS.

/** Filters of the audit log; every one optional. `since`/`until` are ISO 8601 times (inclusive, exclusive). */
export const auditFilterSchema = z.object({
  by: z.optional(text(BOUNDS.email)),
  kind: z.optional(auditKindSchema),
  flowId: z.optional(text(BOUNDS.id)),
  /** `user:<id>` or `role:<name>`. */
  principal: z.optional(text(BOUNDS.id + 5)),
  since: z.optional(z.iso.datetime()),
  until: z.optional(z.iso.datetime()),
  /** The entries of one batch or applied document. */
  changeSetId: z.optional(text(BOUNDS.id)),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditPageQuerySchema = z.extend(auditFilterSchema, { offset: offsetParam(), limit: limitParam(50) });
export type AuditPageQuery = z.infer<typeof auditPageQuerySchema>;

export const auditExportQuerySchema = z.extend(auditFilterSchema, { format: z.enum(['csv', 'json']) });
