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
  flow: (flowId: string) => ['permissions', flowId] as const,
  userLists: (flowId: string) => [...permissionQueries.flow(flowId), 'users', 'list'] as const,
  users: (flowId: string, search: string, queryClient: QueryClient) =>
    infiniteQueryOptions({
      queryKey: [...permissionQueries.userLists(flowId), { search }] as const,
      queryFn: async ({ pageParam, signal }) => {
        const page = await request(`${base(flowId)}/users`, userPermissionPageSchema, {
          query: { search, offset: pageParam, limit: USERS_PAGE_SIZE },
          signal,
        });
        // Each row lives in its own cache entry, so a click touches one row, never the whole list.
        for (const row of page.items) {
          queryClient.setQueryData(permissionQueries.user(flowId, row.id).queryKey, row);
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

interface SetUserVariables {
  userId: string;
  value: ExplicitValue;
}

/**
 * Saves one user's value on a flow. Optimistic: the row shows the target at once; when the last
 * pending write for the row settles, the row takes the server's answer (or refetches after a failure).
 */
export function useSetUserPermission(flowId: string) {
  const queryClient = useQueryClient();
  const rowKey = (userId: string) => permissionQueries.user(flowId, userId).queryKey;
  const mutationKey = ['setUserPermission', flowId] as const;
  return useMutation({
    mutationKey,
    mutationFn: ({ userId, value }: SetUserVariables) =>
      request(`${base(flowId)}/users/${encodeURIComponent(userId)}`, userPermissionSchema, {
        method: 'PUT',
        body: { value },
      }),
    onMutate: async ({ userId, value }) => {
      await queryClient.cancelQueries({ queryKey: rowKey(userId) });
      queryClient.setQueryData(rowKey(userId), (row: UserPermission | undefined) =>
        row ? { ...row, value } : row,
      );
    },
    onSuccess: (row, { userId }) => {
      if (pendingFor(queryClient, mutationKey, userId) === 1) queryClient.setQueryData(rowKey(userId), row);
    },
    onError: (_error, { userId }) => {
      if (pendingFor(queryClient, mutationKey, userId) === 1) {
        return queryClient.invalidateQueries({ queryKey: rowKey(userId) });
      }
    },
  });
}

interface SetRoleVariables {
  role: string;
  value: ExplicitValue;
}

export function useSetRolePermission(flowId: string) {
  const queryClient = useQueryClient();
  const rolesKey = permissionQueries.roles(flowId).queryKey;
  const mutationKey = ['setRolePermission', flowId] as const;
  const replace = (role: string, update: (row: RolePermission) => RolePermission) =>
    queryClient.setQueryData(rolesKey, (list) =>
      list ? { items: list.items.map((row) => (row.name === role ? update(row) : row)) } : list,
    );
  return useMutation({
    mutationKey,
    mutationFn: ({ role, value }: SetRoleVariables) =>
      request(`${base(flowId)}/roles/${encodeURIComponent(role)}`, rolePermissionSchema, {
        method: 'PUT',
        body: { value },
      }),
    onMutate: async ({ role, value }) => {
      await queryClient.cancelQueries({ queryKey: rolesKey });
      replace(role, (row) => ({ ...row, value }));
    },
    onSuccess: (saved, { role }) => {
      if (pendingFor(queryClient, mutationKey, role, 'role') === 1) replace(role, () => saved);
    },
    onError: (_error, { role }) => {
      if (pendingFor(queryClient, mutationKey, role, 'role') === 1) {
        return queryClient.invalidateQueries({ queryKey: rolesKey });
      }
    },
    // A role's value changes what user rows inherit.
    onSettled: () => queryClient.invalidateQueries({ queryKey: permissionQueries.userLists(flowId) }),
  });
}

/** How many writes for one principal are still in flight, this one included. */
function pendingFor(
  queryClient: QueryClient,
  mutationKey: readonly unknown[],
  principal: string,
  field: 'userId' | 'role' = 'userId',
): number {
  return queryClient
    .getMutationCache()
    .findAll({ mutationKey, status: 'pending' })
    .filter((mutation) => (mutation.state.variables as Record<string, unknown> | undefined)?.[field] === principal)
    .length;
}
