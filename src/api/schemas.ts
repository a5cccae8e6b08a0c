import { z } from 'zod';

/**
 * The console API's contract. The client parses every response with these schemas and the backend
 * validates every request with them; types are inferred from them, never written twice.
 */

export const flowStatusSchema = z.enum(['LIVE', 'READY', 'NOT READY']);
export type FlowStatus = z.infer<typeof flowStatusSchema>;

export const flowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  color: z.string(),
  status: flowStatusSchema,
});
export type Flow = z.infer<typeof flowSchema>;

export const pageQuerySchema = z.object({
  search: z.string().trim().max(200).default(''),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});
export type PageQuery = z.input<typeof pageQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int().min(0), offset: z.number().int().min(0) });
}

export const flowPageSchema = pageSchema(flowSchema);
export type FlowPage = z.infer<typeof flowPageSchema>;

export const flowNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(100, 'Use at most 100 characters');

export const renameFlowSchema = z.object({ name: flowNameSchema });
export type RenameFlowInput = z.infer<typeof renameFlowSchema>;

export const permissionValueSchema = z.enum(['grant', 'deny']);
export const explicitValueSchema = permissionValueSchema.nullable();

export const inheritedSchema = z.object({
  value: permissionValueSchema,
  level: z.enum(['customRole', 'systemRole', 'appWide', 'default']),
  role: z.string().optional(),
});
export type Inherited = z.infer<typeof inheritedSchema>;

export const userPermissionSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  roles: z.array(z.string()),
  value: explicitValueSchema,
  inherited: inheritedSchema,
});
export type UserPermission = z.infer<typeof userPermissionSchema>;

export const userPermissionPageSchema = pageSchema(userPermissionSchema);
export type UserPermissionPage = z.infer<typeof userPermissionPageSchema>;

export const rolePermissionSchema = z.object({
  name: z.string(),
  kind: z.enum(['system', 'custom']),
  description: z.string(),
  value: explicitValueSchema,
  inherited: inheritedSchema,
});
export type RolePermission = z.infer<typeof rolePermissionSchema>;

export const rolePermissionListSchema = z.object({ items: z.array(rolePermissionSchema) });

export const setPermissionSchema = z.object({ value: explicitValueSchema });
export type SetPermissionInput = z.infer<typeof setPermissionSchema>;

export const apiErrorBodySchema = z.object({ code: z.number(), message: z.string() });
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
