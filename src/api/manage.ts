import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { appPermissionQueries } from './access';
import { request } from './client';
import { invalidateLists } from './save-row';
import { AUDIT_ENTRY_HEADER, flowQueries, saveFlow } from './flows';
import { flowSchema } from '../../contract/console';
import {
  customRoleListSchema,
  customRoleSchema,
  userAccountPageSchema,
  userAccountSchema,
  type CreateFlowInput,
  type CreateRoleInput,
} from '../../contract/manage';
import type { FlowStatus } from '../../domain/flow';

/**
 * Management: flows and their status, custom roles, and which users hold them. A change answers with
 * the audit entry it made (a header), which the change's Undo names.
 */

export const USER_SEARCH_LIMIT = 20;

export const manageQueries = {
  roles: () =>
    queryOptions({
      queryKey: ['roles', 'custom'] as const,
      queryFn: ({ signal }) => request('/roles', customRoleListSchema, { signal }),
    }),
  userLists: () => ['users', 'accounts'] as const,
  users: (search: string) =>
    queryOptions({
      queryKey: [...manageQueries.userLists(), { search }] as const,
      queryFn: ({ signal }) => request('/users', userAccountPageSchema, { query: { search, limit: USER_SEARCH_LIMIT }, signal }),
    }),
};

/** Roles and who holds them change what every permissions row shows and inherits. */
function useInvalidateRoleViews() {
  const queryClient = useQueryClient();
  const views = [
    manageQueries.roles().queryKey,
    manageQueries.userLists(),
    flowQueries.details(),
    appPermissionQueries.list().queryKey,
  ];
  return () => invalidateLists(queryClient, views);
}

export function useCreateFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateFlowInput) => request('/flows', flowSchema, { method: 'POST', body: input }),
    onSuccess: (flow) => saveFlow(queryClient, flow),
  });
}

export function useSetFlowStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ flowId, status }: { flowId: string; status: FlowStatus }) => {
      let auditEntry: string | null = null;
      const flow = await request(`/flows/${encodeURIComponent(flowId)}/status`, flowSchema, {
        method: 'PUT',
        body: { status },
        onHeaders: (headers) => (auditEntry = headers.get(AUDIT_ENTRY_HEADER)),
      });
      return { flow, auditEntry };
    },
    onSuccess: ({ flow }) => saveFlow(queryClient, flow),
  });
}

export function useCreateRole() {
  const invalidate = useInvalidateRoleViews();
  return useMutation({
    mutationFn: (input: CreateRoleInput) => request('/roles', customRoleSchema, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useDeleteRole() {
  const invalidate = useInvalidateRoleViews();
  return useMutation({
    mutationFn: (name: string) => request(`/roles/${encodeURIComponent(name)}`, null, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useSetUserRoles() {
  const invalidate = useInvalidateRoleViews();
  return useMutation({
    mutationFn: async ({ userId, roles }: { userId: string; roles: string[] }) => {
      let auditEntry: string | null = null;
      const account = await request(`/users/${encodeURIComponent(userId)}/roles`, userAccountSchema, {
        method: 'PUT',
        body: { roles },
        onHeaders: (headers) => (auditEntry = headers.get(AUDIT_ENTRY_HEADER)),
      });
      return { account, auditEntry };
    },
    onSuccess: invalidate,
  });
}
