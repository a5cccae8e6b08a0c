import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { ExplicitValue } from '../domain/permission';
import { request } from './client';
import {
  rolePermissionListSchema,
  rolePermissionSchema,
  userPermissionPageSchema,
  userPermissionSchema,
  type RolePermission,
  type UserPermission,
} from './schemas';

export const USERS_PAGE_SIZE = 100;

const base = (flowId: string) => `/flows/${encodeURIComponent(flowId)}/permissions`;

export const permissionQueries = {
  all: () => ['permissions'] as const,
  flow: (flowId: string) => [...permissionQueries.all(), flowId] as const,
  userLists: (flowId: string) => [...permissionQueries.flow(flowId), 'users', 'list'] as const,
  users: (flowId: string, search: string) =>
    infiniteQueryOptions({
      queryKey: [...permissionQueries.userLists(flowId), { search }] as const,
      queryFn: async ({ pageParam, signal, client }) => {
        const page = await request(`${base(flowId)}/users`, userPermissionPageSchema, {
          query: { search, offset: pageParam, limit: USERS_PAGE_SIZE },
          signal,
        });
        // Each row lives in its own cache entry, so a click touches one row, never the whole list.
        // A row with writes in flight keeps its optimistic value until they settle.
        for (const row of page.items) {
          if (writesInFlight(client, writeKey(flowId, 'user', row.id)) > 0) continue;
          client.setQueryData(permissionQueries.user(flowId, row.id).queryKey, row);
        }
        return { ids: page.items.map((row) => row.id), total: page.total, offset: page.offset };
      },
      initialPageParam: 0,
      getNextPageParam: (last) => {
        const next = last.offset + last.ids.length;
        return next < last.total && last.ids.length > 0 ? next : undefined;
      },
    }),
  user: (flowId: string, userId: string) =>
    queryOptions({
      queryKey: [...permissionQueries.flow(flowId), 'users', 'row', userId] as const,
      queryFn: ({ signal }) =>
        request(`${base(flowId)}/users/${encodeURIComponent(userId)}`, userPermissionSchema, { signal }),
      staleTime: Infinity,
    }),
  roles: (flowId: string) =>
    queryOptions({
      queryKey: [...permissionQueries.flow(flowId), 'roles'] as const,
      queryFn: ({ signal }) => request(`${base(flowId)}/roles`, rolePermissionListSchema, { signal }),
    }),
};

/** Writes for one principal share a key and a scope: they leave one at a time, in click order. */
const writeKey = (flowId: string, kind: 'user' | 'role', principal: string) =>
  ['setPermission', flowId, kind, principal] as const;

const writesInFlight = (queryClient: QueryClient, key: readonly unknown[]) =>
  queryClient.isMutating({ mutationKey: key, exact: true });

/**
 * Saves one user's value on a flow. Optimistic: the row shows the target at once. Each write carries
 * the absolute target, and when the row's last write settles the row takes the server's answer (or,
 * after a failure, refetches what the server holds).
 */
export function useSetUserPermission(flowId: string, userId: string) {
  const queryClient = useQueryClient();
  const rowKey = permissionQueries.user(flowId, userId).queryKey;
  const mutationKey = writeKey(flowId, 'user', userId);
  return useMutation({
    mutationKey,
    scope: { id: mutationKey.join('\u0000') },
    mutationFn: (value: ExplicitValue) =>
      request(`${base(flowId)}/users/${encodeURIComponent(userId)}`, userPermissionSchema, {
        method: 'PUT',
        body: { value },
      }),
    onMutate: async (value) => {
      await queryClient.cancelQueries({ queryKey: rowKey });
      queryClient.setQueryData(rowKey, (row: UserPermission | undefined) => (row ? { ...row, value } : row));
    },
    onSuccess: (row) => {
      if (writesInFlight(queryClient, mutationKey) === 1) queryClient.setQueryData(rowKey, row);
    },
    onError: () => {
      if (writesInFlight(queryClient, mutationKey) === 1) return queryClient.invalidateQueries({ queryKey: rowKey });
    },
  });
}

export function useSetRolePermission(flowId: string, role: string) {
  const queryClient = useQueryClient();
  const rolesKey = permissionQueries.roles(flowId).queryKey;
  const mutationKey = writeKey(flowId, 'role', role);
  const replace = (update: (row: RolePermission) => RolePermission) =>
    queryClient.setQueryData(rolesKey, (list) =>
      list ? { items: list.items.map((row) => (row.name === role ? update(row) : row)) } : list,
    );
  return useMutation({
    mutationKey,
    scope: { id: mutationKey.join('\u0000') },
    mutationFn: (value: ExplicitValue) =>
      request(`${base(flowId)}/roles/${encodeURIComponent(role)}`, rolePermissionSchema, {
        method: 'PUT',
        body: { value },
      }),
    onMutate: async (value) => {
      await queryClient.cancelQueries({ queryKey: rolesKey });
      replace((row) => ({ ...row, value }));
    },
    onSuccess: (saved) => {
      if (writesInFlight(queryClient, mutationKey) === 1) replace(() => saved);
    },
    onError: () => {
      if (writesInFlight(queryClient, mutationKey) === 1) return queryClient.invalidateQueries({ queryKey: rolesKey });
    },
    // A role's value changes what user rows inherit.
    onSettled: () => queryClient.invalidateQueries({ queryKey: permissionQueries.userLists(flowId) }),
  });
}
