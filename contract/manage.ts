import { CHANNELS } from '../domain/caller';
import { flowNameSchema, flowStatusSchema } from './console';
import { count, pageSchema } from './paging';
import { text, trimmedText } from './text';
import { z } from './zod';

/** Management: flows and their status, custom roles, users' roles, the app's keys. */

export const createFlowSchema = z.object({
  name: flowNameSchema,
  description: z._default(trimmedText(500), ''),
  status: z._default(flowStatusSchema, 'NOT READY'),
});
export type CreateFlowInput = z.input<typeof createFlowSchema>;

export const setFlowStatusSchema = z.object({ status: flowStatusSchema });

const roleNameSchema = z
  .string()
  .check(
    z.trim(),
    z.regex(/^[A-Za-z][A-Za-z0-9 _-]*$/, 'Start with a letter; use letters, digits, spaces, _ and -'),
    z.maxLength(50, 'Use at most 50 characters'),
  );

export const customRoleSchema = z.object({
  name: z.string(),
  description: z.string(),
  userCount: count(),
});
export type CustomRoleBody = z.infer<typeof customRoleSchema>;
export const customRoleListSchema = z.object({ items: z.array(customRoleSchema) });

export const createRoleSchema = z.object({
  name: roleNameSchema,
  description: z._default(trimmedText(200), ''),
});
export type CreateRoleInput = z.input<typeof createRoleSchema>;

export const userAccountSchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  email: z.string(),
  roles: z.array(z.string()),
});
export type UserAccount = z.infer<typeof userAccountSchema>;
export const userAccountPageSchema = pageSchema(userAccountSchema);

export const setUserRolesSchema = z.object({ roles: z.array(text(50)).check(z.maxLength(100)) });

/** `GET /api/console/app-keys`: the application id and one API key per channel (administrators only). */
export const appKeysSchema = z.object({
  appId: z.string(),
  apiKeys: z.record(z.enum(CHANNELS), z.string()),
});
export type AppKeysBody = z.infer<typeof appKeysSchema>;

/**
 * What `GET /api/console/app-keys` answers: the keys, and `demoKeys` when any of them is one of the
 * public demo keys (anyone can call the app with those), so the console can warn.
 */
export const appKeysAnswerSchema = z.extend(appKeysSchema, { demoKeys: z.boolean() });
export type AppKeysAnswer = z.infer<typeof appKeysAnswerSchema>;
