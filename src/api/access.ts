import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { accessCheckSchema, activationPageSchema, flowExposureSchema, type CheckAccessInput } from '../../contract/access';
import { appPermissionListSchema, appPermissionSchema, userPermissionPageSchema } from '../../contract/console';
import { permissionQueries } from './permissions';
import type { PermissionValue } from '../../domain/permission';
import { nextOffset } from './paging';

const flowPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;

export const ACTIVATIONS_PAGE_SIZE = 25;

export const accessQueries = {
  activations: (flowId: string) =>
    infiniteQueryOptions({
      queryKey: ['activations', flowId] as const,
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
      queryKey: [...permissionQueries.flow(flowId), 'exposure'] as const,
      queryFn: ({ signal }) => request(`${flowPath(flowId)}/exposure`, flowExposureSchema, { signal }),
    }),
  /** A handful of users for a picker; the full list lives in permissionQueries.users. */
  userSearch: (flowId: string, search: string) =>
    queryOptions({
      queryKey: [...permissionQueries.flow(flowId), 'users', 'search', search] as const,
      queryFn: ({ signal }) =>
        request(`${flowPath(flowId)}/permissions/users`, userPermissionPageSchema, { query: { search, limit: 8 }, signal }),
    }),
  check: (flowId: string, input: CheckAccessInput | null) =>
    queryOptions({
      queryKey: [...permissionQueries.flow(flowId), 'check', input] as const,
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

/** Sets a role's app-wide value; every flow's inherited rows may change, so their caches go stale. */
export function useSetAppPermission() {
  const queryClient = useQueryClient();
  const listKey = appPermissionQueries.list().queryKey;
  return useMutation({
    mutationFn: ({ role, value }: { role: string; value: PermissionValue }) =>
      request(`/app-permissions/${encodeURIComponent(role)}`, appPermissionSchema, { method: 'PUT', body: { value } }),
    onMutate: async ({ role, value }) => {
      await queryClient.cancelQueries({ queryKey: listKey });
      queryClient.setQueryData(listKey, (list) =>
        list ? { items: list.items.map((row) => (row.name === role ? { ...row, value } : row)) } : list,
      );
    },
    onError: () => queryClient.invalidateQueries({ queryKey: listKey }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: listKey }),
        // What every flow's rows inherit changed: refetch the lists (they refresh their rows) and roles,
        // not each row entry one by one.
        queryClient.invalidateQueries({
          queryKey: permissionQueries.all(),
          predicate: (query) => query.queryKey.includes('list') || ['roles', 'exposure'].includes(String(query.queryKey.at(-1))),
        }),
      ]),
  });
}
