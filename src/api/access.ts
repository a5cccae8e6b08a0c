import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { accessCheckSchema, activationPageSchema, flowExposureSchema, type CheckAccessInput } from '../../contract/access';
import {
  appPermissionListSchema,
  appPermissionSchema,
  userPermissionPageSchema,
  type AppPermission,
} from '../../contract/console';
import { permissionQueries } from './permissions';
import type { PermissionValue } from '../../domain/permission';
import { AUDIT_ENTRY_HEADER, flowQueries } from './flows';
import { nextOffset } from './paging';
import { invalidateLists, saveRow } from './save-row';

const flowPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;

export const ACTIVATIONS_PAGE_SIZE = 25;

export const accessQueries = {
  activations: (flowId: string) =>
    infiniteQueryOptions({
      queryKey: [...flowQueries.detail(flowId).queryKey, 'activity'] as const,
      queryFn: ({ pageParam, signal }) =>
        request(`${flowPath(flowId)}/activations`, activationPageSchema, {
          query: { offset: pageParam, limit: ACTIVATIONS_PAGE_SIZE },
          signal,
        }),
      initialPageParam: 0,
      getNextPageParam: (last) => nextOffset(last, last.items.length),
    }),
  exposure: (flowId: string) =>
    queryOptions({
      queryKey: [...flowQueries.detail(flowId).queryKey, 'exposure'] as const,
      queryFn: ({ signal }) => request(`${flowPath(flowId)}/exposure`, flowExposureSchema, { signal }),
    }),
  /** A handful of users for a picker; the full list lives in permissionQueries.users. */
  userSearch: (flowId: string, search: string) =>
    queryOptions({
      queryKey: [...permissionQueries.all(flowId), 'users', 'picker', { search }] as const,
      queryFn: ({ signal }) =>
        request(`${flowPath(flowId)}/permissions/users`, userPermissionPageSchema, { query: { search, limit: 8 }, signal }),
    }),
  check: (flowId: string, input: CheckAccessInput | null) =>
    queryOptions({
      queryKey: [...permissionQueries.all(flowId), 'check', input] as const,
      queryFn: ({ signal }) =>
        request(`${flowPath(flowId)}/check-access`, accessCheckSchema, { method: 'POST', body: input, signal }),
      enabled: input !== null,
      staleTime: 0,
    }),
};

export const appPermissionQueries = {
  list: () =>
    queryOptions({
      queryKey: ['appPermissions'] as const,
      queryFn: ({ signal }) => request('/app-permissions', appPermissionListSchema, { signal }),
    }),
};

type AppPermissionList = { items: AppPermission[] };

/** The list with one role's row changed. */
const withRow =
  (changed: Pick<AppPermission, 'name' | 'value'>) =>
  (list: AppPermissionList | undefined): AppPermissionList | undefined =>
    list && { items: list.items.map((row) => (row.name === changed.name ? { ...row, ...changed } : row)) };

/** Sets a role's app-wide value; every flow's inherited rows may change, so their caches go stale. */
export function useSetAppPermission() {
  const queryClient = useQueryClient();
  const list = appPermissionQueries.list();
  return useMutation({
    mutationFn: async ({ role, value }: { role: string; value: PermissionValue }) => {
      let auditEntry: string | null = null;
      const row = await request(`/app-permissions/${encodeURIComponent(role)}`, appPermissionSchema, {
        method: 'PUT',
        body: { value },
        onHeaders: (headers) => (auditEntry = headers.get(AUDIT_ENTRY_HEADER)),
      });
      // The audit entry the change made: its Undo names it.
      return { row, auditEntry };
    },
    onMutate: async ({ role, value }) => {
      await queryClient.cancelQueries({ queryKey: list.queryKey });
      queryClient.setQueryData(list.queryKey, withRow({ name: role, value }));
    },
    // What every flow inherits changed: everything about every flow goes stale (rows are refreshed by
    // their lists, not one by one: see permissionQueries.user).
    onSuccess: ({ row }) => saveRow(queryClient, list, withRow(row), [flowQueries.details()]),
    onError: () => invalidateLists(queryClient, [list.queryKey, flowQueries.details()]),
  });
}
