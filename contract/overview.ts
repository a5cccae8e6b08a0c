import { CHANNELS } from '../domain/caller';
import { DECISION_LEVELS } from '../domain/decision';
import { flowSchema, flowStatusSchema, permissionValueSchema, rolePermissionSchema, userPermissionSchema } from './console';
import { limitParam, pageQuerySchema, pageSchema } from './paging';
import { z } from './zod';

/** The Access overview: roles by flow, and what one user can run. */

/** Which flows: a name search, a status, and (`only=set`) just the flows where some role has a value. */
export const overviewQuerySchema = z.extend(pageQuerySchema, {
  status: z.optional(flowStatusSchema),
  only: z.optional(z.enum(['set'])),
  limit: limitParam(50),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

/** One flow's column of the matrix: the same role rows as the flow's ROLES PERMISSIONS tab. */
export const roleMatrixPageSchema = pageSchema(z.object({ flow: flowSchema, roles: z.array(rolePermissionSchema) }));
export type RoleMatrixPage = z.infer<typeof roleMatrixPageSchema>;

/** `only` does not apply: every flow that matches, with the user's value where there is one. */
export const userRunQuerySchema = z.extend(overviewQuerySchema, { channel: z._default(z.enum(CHANNELS), 'REST') });
export type UserRunQuery = z.infer<typeof userRunQuerySchema>;

const decisionSchema = z.object({
  value: permissionValueSchema,
  level: z.enum(DECISION_LEVELS),
  role: z.optional(z.string()),
});

/**
 * One flow for one user: the user's row (as the USER PERMISSIONS tab has it) and, for the channel
 * asked, the decision the rule makes without the user's own value; the user's value, when set, decides.
 */
export const userRunPageSchema = pageSchema(z.object({ flow: flowSchema, row: userPermissionSchema, fallback: decisionSchema }));
export type UserRunPage = z.infer<typeof userRunPageSchema>;
