import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { appPermissionQueries } from './access';
import { request } from './client';
import { flowQueries } from './flows';
import { flowSchema, type Flow } from '../../contract/console';
import { customRoleListSchema, customRoleSchema, userAccountPageSchema, userAccountSchema, type CreateFlowInput, type CreateRoleInput } from '../../contract/manage';
import type { FlowStatus } from '../../domain/flow';

/** Management: flows and their status, custom roles, and which users hold them. */

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
  const keys = [
    manageQueries.roles().queryKey,
    manageQueries.userLists(),
    ['permissions'],
    appPermissionQueries.list().queryKey,
  ];
  return () => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

export function useCreateFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateFlowInput) => request('/flows', flowSchema, { method: 'POST', body: input }),
    onSuccess: (flow: Flow) => {
      queryClient.setQueryData(flowQueries.detail(flow.id).queryKey, flow);
      return queryClient.invalidateQueries({ queryKey: flowQueries.lists() });
    },
  });
}

export function useSetFlowStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ flowId, status }: { flowId: string; status: FlowStatus }) =>
      request(`/flows/${encodeURIComponent(flowId)}/status`, flowSchema, { method: 'PUT', body: { status } }),
    onSuccess: (flow: Flow) => {
      queryClient.setQueryData(flowQueries.detail(flow.id).queryKey, flow);
      return queryClient.invalidateQueries({ queryKey: flowQueries.lists() });
    },
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
    mutationFn: ({ userId, roles }: { userId: string; roles: string[] }) =>
      request(`/users/${encodeURIComponent(userId)}/roles`, userAccountSchema, { method: 'PUT', body: { roles } }),
    onSuccess: invalidate,
  });
}
