import { pageSchema } from './paging';
import { z } from './zod';

/** The audit log: every change an administrator makes, and who signed in to the console. */

export const AUDIT_KINDS = [
  'permission.value',
  'app-wide.value',
  'flow.create',
  'flow.rename',
  'flow.status',
  'flow.delete',
  'role.create',
  'role.delete',
  'role.membership',
  'app-keys.shown',
  'api-token.create',
  'api-token.revoke',
  'access-test.save',
  'access-test.delete',
  'sign-in',
  'sign-in.failed',
] as const;
export const auditKindSchema = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof auditKindSchema>;

/** What the change was about: a user (by id) or a role (by name), with the name it had then. */
const auditPrincipalSchema = z.object({ kind: z.enum(['user', 'role']), id: z.string(), name: z.string() });

export const auditEntrySchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  at: z.string(),
  /** The administrator's email (for a failed sign-in, the email that was tried). */
  by: z.string(),
  kind: auditKindSchema,
  /** The flow and its name at the change; the entry outlives the flow. */
  flow: z.nullable(z.object({ id: z.string(), name: z.string() })),
  principal: z.nullable(auditPrincipalSchema),
  /** Values as text: `grant`, `deny` (null = inherited), a name, a status, a comma-separated list of roles. */
  before: z.nullable(z.string()),
  after: z.nullable(z.string()),
  /** The batch the change belongs to, when it was one of several applied together. */
  changeSetId: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = pageSchema(auditEntrySchema);
export type AuditPage = z.infer<typeof auditPageSchema>;
