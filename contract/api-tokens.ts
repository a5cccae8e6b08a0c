import { count } from './paging';
import { trimmedText } from './text';
import { z } from './zod';

/** API tokens for automation: created by an administrator, shown once, used as `Authorization: Bearer`. */

export const API_TOKEN_ACCESS = ['read', 'write'] as const;

export const createApiTokenSchema = z.object({
  name: trimmedText(100).check(z.minLength(1, 'Name the token')),
  /** `read`: export, plan, test and every GET; `write`: also apply and every other change. */
  access: z.enum(API_TOKEN_ACCESS),
  /** Days until it expires; none: it lasts until revoked. */
  expiresInDays: z.optional(count().check(z.minimum(1), z.maximum(3650))),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  access: z.enum(API_TOKEN_ACCESS),
  createdBy: z.string(),
  /** ISO 8601, like the two below. */
  createdAt: z.string(),
  expiresAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
});
export type ApiTokenInfo = z.infer<typeof apiTokenSchema>;

export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });

/** The answer to a creation: the only time the token itself is shown. */
export const createdApiTokenSchema = z.extend(apiTokenSchema, { token: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
