import { INHERITED_LEVELS } from '../domain/decision';
import { FLOW_STATUSES } from '../domain/flow';
import { PERMISSION_VALUES } from '../domain/permission';
import { ROLE_KINDS } from '../domain/roles';
import { count, limitParam, offsetParam, pageQuerySchema, pageSchema } from './paging';
import { trimmedText } from './text';
import { z } from './zod';

/** The console API's flows, their permission rows, their history and the app-wide values. */

export const flowStatusSchema = z.enum(FLOW_STATUSES);

export const flowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  color: z.string(),
  status: flowStatusSchema,
});
export type Flow = z.infer<typeof flowSchema>;

export const flowPageSchema = pageSchema(flowSchema);

export const flowNameSchema = trimmedText(100).check(z.minLength(1, 'Enter a name'));

export const renameFlowSchema = z.object({ name: flowNameSchema });
export type RenameFlowInput = z.infer<typeof renameFlowSchema>;

const roleKindSchema = z.enum(ROLE_KINDS);
export const permissionValueSchema = z.enum(PERMISSION_VALUES);
export const explicitValueSchema = z.nullable(permissionValueSchema);

const inheritedSchema = z.object({
  value: permissionValueSchema,
  level: z.enum(INHERITED_LEVELS),
  role: z.optional(z.string()),
});
export type Inherited = z.infer<typeof inheritedSchema>;

/**
 * Every explicit value has a version (0 until first changed through the API). A write sends the version
 * it was based on as `If-Match: "<version>"` and gets 412 when the value has moved on since.
 */
const versionSchema = count();

/** The last change of a value through the API; `null` when it never changed there. */
export const lastChangeSchema = z.object({
  /** The administrator who made it. */
  by: z.string(),
  /** ISO 8601. */
  at: z.string(),
  /** The client's id for the write (its Idempotency-Key), if it sent one. */
  writeId: z.nullable(z.string()),
});
export type LastChange = z.infer<typeof lastChangeSchema>;

/** `only=explicit`: just the users with an explicit value on the flow. */
export const userPageQuerySchema = z.extend(pageQuerySchema, { only: z.optional(z.enum(['explicit'])) });

export const userPermissionSchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  email: z.string(),
  roles: z.array(z.string()),
  value: explicitValueSchema,
  inherited: inheritedSchema,
  version: versionSchema,
  changed: z.nullable(lastChangeSchema),
});
export type UserPermission = z.infer<typeof userPermissionSchema>;

export const userPermissionPageSchema = pageSchema(userPermissionSchema);

export const rolePermissionSchema = z.object({
  name: z.string(),
  kind: roleKindSchema,
  description: z.string(),
  value: explicitValueSchema,
  inherited: inheritedSchema,
  /** How many users hold the role; `null` for system roles, which depend on the call. */
  userCount: z.optional(z.nullable(count())),
  version: versionSchema,
  changed: z.nullable(lastChangeSchema),
});
export type RolePermission = z.infer<typeof rolePermissionSchema>;

export const rolePermissionListSchema = z.object({ items: z.array(rolePermissionSchema) });

export const setPermissionSchema = z.object({ value: explicitValueSchema });

/** One change of an explicit value on a flow, as the History shows it. */
const historyEntrySchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  at: z.string(),
  /** The administrator who made it. */
  by: z.string(),
  principal: z.object({
    kind: z.enum(['user', 'role']),
    /** A user's id or a role's name. */
    id: z.string(),
    /** A user's name (or email) or a role's name, as it was at the change. */
    name: z.string(),
  }),
  from: explicitValueSchema,
  to: explicitValueSchema,
  /** The batch write this change was part of (undone together); none for a single write. */
  changeSetId: z.optional(z.nullable(z.string())),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyPageQuerySchema = z.object({
  offset: offsetParam(),
  limit: limitParam(25),
});
export const historyPageSchema = pageSchema(historyEntrySchema);

// App-wide values per role: two-state, granted unless denied.

export const appPermissionSchema = z.object({
  name: z.string(),
  kind: roleKindSchema,
  description: z.string(),
  value: permissionValueSchema,
});
export type AppPermission = z.infer<typeof appPermissionSchema>;

export const appPermissionListSchema = z.object({ items: z.array(appPermissionSchema) });

export const setAppPermissionSchema = z.object({ value: permissionValueSchema });
