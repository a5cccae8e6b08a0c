import { CHANNELS, SESSION_SOURCES } from '../domain/caller';
import { DECISION_LEVELS } from '../domain/decision';
import { explicitValueSchema, permissionValueSchema } from './console';
import { BOUNDS, text } from './text';
import { z } from './zod';

/**
 * Permissions as code: a document that names things the way people do (flows by name, users by email,
 * roles by name), so it carries over between apps whose ids differ. It holds explicit values only.
 * The JSON Schema published in docs/ is generated from these shapes (`npm run perms:schema`).
 */

export const PERMISSIONS_DOCUMENT_VERSION = 1;

const flowName = text(100).check(z.minLength(1));
const roleName = text(BOUNDS.name).check(z.minLength(1));
const email = text(BOUNDS.email).check(z.minLength(1));

const flowValuesSchema = z.object({
  /** Role name → its explicit value on the flow. */
  roles: z.optional(z.record(roleName, permissionValueSchema)),
  /** User email → the user's explicit value on the flow. */
  users: z.optional(z.record(email, permissionValueSchema)),
});

export const permissionsDocumentSchema = z.object({
  $schema: z.optional(text(500)),
  /** The format's version: 1. */
  version: z.literal(PERMISSIONS_DOCUMENT_VERSION),
  /**
   * Where and when it was exported. Applied to that same app, a document is refused (412) when the
   * app's permissions changed since and applying it would change something; elsewhere it is ignored.
   */
  exportedFrom: z.optional(z.object({ appId: text(BOUNDS.id), revision: text(100) })),
  /** Role name → app-wide value. When present, every role it leaves out is granted app-wide. */
  appWide: z.optional(z.record(roleName, permissionValueSchema)),
  /** Flow name → its explicit values, exactly: a value the document leaves out is inherited. Flows it leaves out are left alone. */
  flows: z.record(flowName, flowValuesSchema),
});
export type PermissionsDocument = z.infer<typeof permissionsDocumentSchema>;

export const documentPrincipalSchema = z.union([
  z.object({ kind: z.literal('user'), email: z.string() }),
  z.object({ kind: z.literal('role'), name: z.string() }),
]);

const planChangeSchema = z.object({
  flow: z.string(),
  principal: documentPrincipalSchema,
  from: explicitValueSchema,
  to: explicitValueSchema,
});
export type PlanChange = z.infer<typeof planChangeSchema>;

const appWideChangeSchema = z.object({ role: z.string(), from: permissionValueSchema, to: permissionValueSchema });

export const planRequestSchema = z.object({ document: permissionsDocumentSchema });

export const planSchema = z.object({
  /** The app's permissions revision the plan was made against; apply with `ifRevision` set to it. */
  revision: z.string(),
  changes: z.array(planChangeSchema),
  appWide: z.array(appWideChangeSchema),
  /** The document was exported from this app at another revision (see `exportedFrom`). */
  stale: z.boolean(),
});
export type Plan = z.infer<typeof planSchema>;

export const applyRequestSchema = z.object({
  document: permissionsDocumentSchema,
  /** Refuse (412) unless the app is still at this revision (the plan's). */
  ifRevision: z.optional(text(100)),
});

export const applySchema = z.object({
  /** `null` when nothing changed. Undo it with POST /permissions/batch/:changeSetId/undo. */
  changeSetId: z.nullable(z.string()),
  /** The revision after the apply. */
  revision: z.string(),
  changes: z.array(planChangeSchema),
  appWide: z.array(appWideChangeSchema),
});
export type ApplyAnswer = z.infer<typeof applySchema>;

// Permission tests: assertions about who may start which flow, evaluated with the runtime's rule.

const testCallerSchema = z.union([
  z.literal('anonymous'),
  z.object({ user: email }),
  z.object({ roles: z.array(roleName).check(z.maxLength(50)) }),
]);

export const accessAssertionSchema = z.object({
  /** A name for the report; the flow, caller and way in otherwise. */
  name: z.optional(text(200)),
  flow: flowName,
  caller: testCallerSchema,
  /** How the call comes in: an API key's channel, or a Call Flow with its session source. */
  via: z._default(z.enum([...CHANNELS, 'CallFlow']), 'REST'),
  sessionSource: z.optional(z.enum(SESSION_SOURCES)),
  expect: z.enum(['granted', 'denied']),
});
export type AccessAssertion = z.infer<typeof accessAssertionSchema>;

export const accessTestsSchema = z.object({
  $schema: z.optional(text(500)),
  version: z.literal(PERMISSIONS_DOCUMENT_VERSION),
  tests: z.array(accessAssertionSchema).check(z.maxLength(10_000)),
});
export type AccessTests = z.infer<typeof accessTestsSchema>;

export const accessTestResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  expected: z.enum(['granted', 'denied']),
  actual: z.nullable(z.enum(['granted', 'denied'])),
  /** The level that decided, and the role when a role's value did. */
  level: z.nullable(z.enum(DECISION_LEVELS)),
  role: z.optional(z.string()),
  /** Why it could not be evaluated (an unknown flow or user). */
  error: z.optional(z.string()),
});
export const accessTestReportSchema = z.object({
  passed: z.number(),
  failed: z.number(),
  results: z.array(accessTestResultSchema),
});
export type AccessTestReport = z.infer<typeof accessTestReportSchema>;
