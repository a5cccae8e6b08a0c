import {
  hashKey,
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import type * as z from 'zod/mini';
import { request } from './client';
import { ConflictError, retryWrite, retryWriteDelay, writeLedger, type PermissionWrite, type VersionedRow } from './permission-writes';
import type { ExplicitValue } from '../../domain/permission';
import { rolePermissionListSchema, rolePermissionSchema, userPermissionPageSchema, userPermissionSchema, type RolePermission } from '../../contract/console';
import { flowQueries } from './flows';
import { historyQueries } from './history';
import { nextOffset } from './paging';
import { rowWriteStates, type WriteState } from './row-write-states';
import { invalidateLists } from './save-row';

export const USERS_PAGE_SIZE = 100;

const base = (flowId: string) => `/flows/${encodeURIComponent(flowId)}/permissions`;

/**
 * Everything about who may start a flow sits under the flow's key:
 * `['flows', 'detail', flowId, 'permissions', 'users', 'list', { search, only }]` (pages of ids),
 * `[…, 'users', 'row', userId]` (one user's row) and `[…, 'roles']`.
 */
export const permissionQueries = {
  all: (flowId: string) => [...flowQueries.detail(flowId).queryKey, 'permissions'] as const,
  userLists: (flowId: string) => [...permissionQueries.all(flowId), 'users', 'list'] as const,
  /** `only: 'explicit'` lists just the users with an explicit value on the flow. */
  users: (flowId: string, search: string, only: 'all' | 'explicit' = 'all') =>
    infiniteQueryOptions({
      queryKey: [...permissionQueries.userLists(flowId), { search, only }] as const,
      queryFn: async ({ pageParam, signal, client }) => {
        const askedAt = Date.now();
        const page = await request(`${base(flowId)}/users`, userPermissionPageSchema, {
          query: { search, offset: pageParam, limit: USERS_PAGE_SIZE, only: only === 'explicit' ? only : undefined },
          signal,
        });
        // Each row lives in its own cache entry, so a click touches one row, never the whole list.
        // A row with writes in flight keeps its optimistic value until they settle, and a row that
        // changed after this request left keeps the newer value.
        for (const row of page.items) {
          const rowKey = permissionQueries.user(flowId, row.id).queryKey;
          if (writesInFlight(client, permissionWriteKeys.user(flowId, row.id)) > 0) continue;
          if ((client.getQueryState(rowKey)?.dataUpdatedAt ?? 0) > askedAt) continue;
          client.setQueryData(rowKey, row);
        }
        return { ids: page.items.map((row) => row.id), total: page.total, offset: page.offset };
      },
      initialPageParam: 0,
      getNextPageParam: (last) => nextOffset(last, last.ids.length),
    }),
  /**
   * A row is refreshed by the lists that show it (they write it in), never on its own: invalidating a
   * flow marks its rows stale, and showing them again must not cost one request per row.
   */
  user: (flowId: string, userId: string) =>
    queryOptions({
      queryKey: [...permissionQueries.all(flowId), 'users', 'row', userId] as const,
      queryFn: ({ signal }) =>
        request(`${base(flowId)}/users/${encodeURIComponent(userId)}`, userPermissionSchema, { signal }),
      staleTime: Infinity,
      refetchOnMount: false,
    }),
  roles: (flowId: string) =>
    queryOptions({
      queryKey: [...permissionQueries.all(flowId), 'roles'] as const,
      queryFn: async ({ signal, client, queryKey }) => {
        const list = await request(`${base(flowId)}/roles`, rolePermissionListSchema, { signal });
        // Roles share one cache entry, so each row keeps the newer of cached and fetched: a row with
        // writes in flight keeps its optimistic value until they settle, and a write that settled after
        // this request left has a higher version than the list's row.
        const cached = client.getQueryData<typeof list>(queryKey);
        const keep = (row: RolePermission) => {
          const shown = cached?.items.find((other) => other.name === row.name);
          if (!shown) return row;
          const writing = writesInFlight(client, permissionWriteKeys.role(flowId, row.name)) > 0;
          return writing || shown.version > row.version ? shown : row;
        };
        return { items: list.items.map(keep) };
      },
    }),
};

/** Writes for one principal share a key and a scope: they leave one at a time, in click order. */
const permissionWriteKeys = {
  user: (flowId: string, userId: string) => [...permissionQueries.all(flowId), 'users', 'write', userId] as const,
  role: (flowId: string, role: string) => [...permissionQueries.all(flowId), 'roles', 'write', role] as const,
};

const writesInFlight = (queryClient: QueryClient, key: readonly unknown[]) =>
  queryClient.isMutating({ mutationKey: key, exact: true });

const versionHeaders = (write: PermissionWrite, version: number | undefined): Record<string, string> => ({
  'idempotency-key': write.writeId,
  ...(version === undefined ? {} : { 'if-match': `"${version}"` }),
});

/** How one row's cache entry is read and written: users have one entry per row, roles share a list. */
interface RowCache<Row extends VersionedRow> {
  read: () => Row | undefined;
  update: (change: (row: Row) => Row) => void;
  /** Stops a refetch in flight, so that it cannot overwrite the optimistic value. */
  cancel: () => Promise<void>;
  refetch: () => Promise<void>;
}

/**
 * The write queue of one row, shared by user and role rows. Optimistic: the row shows the target at
 * once. Writes leave in click order, each with the absolute target, the version this page knows
 * (If-Match) and its write id; transient failures are retried. While more writes are queued the row
 * keeps its optimistic value and only learns the new version; when the last one settles the row takes
 * the server's answer, or the row as the server holds it after a conflict, or refetches after a failure.
 */
function useRowWrites<Row extends VersionedRow>(
  [flowId, mutationKey]: [string, readonly string[]],
  url: string,
  schema: z.ZodMiniType<Row>,
  cache: RowCache<Row>,
  /** Lists a settled write changes besides the flow's history. */
  lists: readonly QueryKey[] = [],
) {
  const queryClient = useQueryClient();
  const ledger = writeLedger(queryClient);
  // The row's scope id: its writes take turns, and useWriteState finds them by it.
  const rowId = mutationKey.join('\u0000');
  const isLast = () => writesInFlight(queryClient, mutationKey) === 1;
  const settle = (row: Row) =>
    cache.update((shown) => (isLast() ? row : { ...shown, version: row.version, changed: row.changed }));
  const mutation = useMutation({
    mutationKey,
    scope: { id: rowId },
    mutationFn: (write: PermissionWrite) =>
      ledger.send(rowId, write, {
        known: () => cache.read()?.version,
        put: (version) => request(url, schema, { method: 'PUT', body: { value: write.value }, headers: versionHeaders(write, version) }),
        fetchRow: () => request(url, schema),
      }),
    retry: retryWrite,
    retryDelay: retryWriteDelay,
    onMutate: async (write) => {
      await cache.cancel();
      cache.update((row) => ({ ...row, value: write.value }));
    },
    onSuccess: settle,
    onError: (error) => {
      if (error instanceof ConflictError) return settle(error.current as Row);
      if (isLast()) return cache.refetch();
    },
    onSettled: () => invalidateLists(queryClient, [historyQueries.all(flowId), ...lists]),
  });
  const writer: RowWriter<Row> = {
    save: (value) => mutation.mutateAsync(ledger.write(value)),
    drained: () => writesInFlight(queryClient, mutationKey) === 0,
  };
  return writer;
}

export interface RowWriter<Row> {
  /**
   * Queues a write of `value` (absolute) and settles with the server's row or the write's error. Each
   * call has its own promise, so that every failure can be reported: `mutate`'s per-call callbacks
   * fire only for the latest call.
   */
  save: (value: ExplicitValue) => Promise<Row>;
  /** No write of the row is queued or in flight. */
  drained: () => boolean;
}

/** Saves one user's value on a flow: `save(value)` queues a write of the row (see useRowWrites). */
export function useSetUserPermission(flowId: string, userId: string) {
  const queryClient = useQueryClient();
  const queryKey = permissionQueries.user(flowId, userId).queryKey;
  return useRowWrites([flowId, permissionWriteKeys.user(flowId, userId)], `${base(flowId)}/users/${encodeURIComponent(userId)}`, userPermissionSchema, {
    read: () => queryClient.getQueryData(queryKey),
    update: (change) => queryClient.setQueryData(queryKey, (row) => (row ? change(row) : row)),
    cancel: () => queryClient.cancelQueries({ queryKey }),
    refetch: () => queryClient.invalidateQueries({ queryKey }),
  });
}

/** Saves one role's value on a flow: `save(value)`. A role's value changes what user rows inherit. */
export function useSetRolePermission(flowId: string, role: string) {
  const queryClient = useQueryClient();
  const queryKey = permissionQueries.roles(flowId).queryKey;
  const url = `${base(flowId)}/roles/${encodeURIComponent(role)}`;
  const update = (change: (row: RolePermission) => RolePermission) =>
    queryClient.setQueryData(queryKey, (list) =>
      list ? { items: list.items.map((row) => (row.name === role ? change(row) : row)) } : list,
    );
  return useRowWrites(
    [flowId, permissionWriteKeys.role(flowId, role)],
    url,
    rolePermissionSchema,
    {
      read: () => queryClient.getQueryData(queryKey)?.items.find((row) => row.name === role),
      update,
      cancel: () => queryClient.cancelQueries({ queryKey }),
      refetch: async () => {
        const row = await request(url, rolePermissionSchema).catch(() => undefined);
        if (row) update(() => row);
        else await queryClient.invalidateQueries({ queryKey });
      },
    },
    [permissionQueries.userLists(flowId)],
  );
}

export type { WriteState };

/** Where a row's queued writes stand: saving, retrying after a server error, or waiting for the network. */
export function useWriteState(flowId: string, kind: 'user' | 'role', principal: string): WriteState {
  const states = rowWriteStates(useQueryClient());
  const rowId = permissionWriteKeys[kind](flowId, principal).join('\u0000');
  const subscribe = useCallback((listener: () => void) => states.subscribe(rowId, listener), [states, rowId]);
  const state = () => states.state(rowId);
  return useSyncExternalStore(subscribe, state, state);
}

/**
 * Loads what the Permissions dialog shows first — the flow, the first page of users and the roles —
 * when the administrator is about to open it (the pointer on the flow's title bar, focus on its
 * lock), so that opening costs a render, not a round trip. Fresh entries are not fetched again.
 */
export function prefetchPermissions(queryClient: QueryClient, flowId: string): void {
  void queryClient.prefetchQuery(flowQueries.detail(flowId));
  void queryClient.prefetchInfiniteQuery(permissionQueries.users(flowId, ''));
  void queryClient.prefetchQuery(permissionQueries.roles(flowId));
}

export function usePrefetchPermissions(): (flowId: string) => void {
  const queryClient = useQueryClient();
  return useCallback((flowId: string) => prefetchPermissions(queryClient, flowId), [queryClient]);
}

/**
 * One user's row, read from its cache entry as soon as the entry changes. A query observer hears of a
 * change in TanStack's next notification batch (a timer task), and a frame painted in between showed
 * the click one frame late; the cache's own event comes at once, so the click's optimistic value
 * renders in the click's task. The observer stays, with nothing to notify, to fetch a row no list has
 * written.
 */
export function useUserRow(flowId: string, userId: string) {
  const queryClient = useQueryClient();
  const options = permissionQueries.user(flowId, userId);
  useQuery({ ...options, notifyOnChangeProps: [] });
  const hash = hashKey(options.queryKey);
  const subscribe = useCallback(
    (listener: () => void) =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.query.queryHash === hash) listener();
      }),
    [queryClient, hash],
  );
  const read = () => queryClient.getQueryData(options.queryKey);
  return useSyncExternalStore(subscribe, read, read);
}
