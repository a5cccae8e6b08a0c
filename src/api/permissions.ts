import {
  hashKey,
  infiniteQueryOptions,
  queryOptions,
  useQuery,
  useQueryClient,
  type MutationOptions,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import type * as z from 'zod/mini';
import { ApiError, request } from './client';
import {
  ConflictError,
  retryWrite,
  retryWriteDelay,
  writeLedger,
  type PermissionWrite,
  type VersionedRow,
} from './permission-writes';
import { stateLabel, type ExplicitValue } from '../../domain/permission';
import {
  rolePermissionListSchema,
  rolePermissionSchema,
  userPermissionPageSchema,
  userPermissionSchema,
  type Inherited,
  type RolePermission,
  type UserPermission,
} from '../../contract/console';
import { DiscardedError, outboxOf } from './outbox';
import type { WriteTarget } from './outbox-store';
import { auditKeyRoot, flowQueries } from './flows';
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
          if (writesInFlight(client, permissionWriteKeys.user(flowId, row.id)) > 0) {
            // A row first shown while a write restored from the outbox is out shows that write's target.
            if (!client.getQueryData(rowKey))
              client.setQueryData(rowKey, withPending(client, { flowId, kind: 'user', principal: row.id }, row));
            continue;
          }
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
      queryFn: ({ signal }) => request(`${base(flowId)}/users/${encodeURIComponent(userId)}`, userPermissionSchema, { signal }),
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
          const writing = writesInFlight(client, permissionWriteKeys.role(flowId, row.name)) > 0;
          if (!shown) return writing ? withPending(client, { flowId, kind: 'role', principal: row.name }, row) : row;
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

const withPending = <Row extends VersionedRow>(queryClient: QueryClient, target: WriteTarget, row: Row): Row => {
  const value = outboxOf(queryClient).pending(target);
  return value === undefined ? row : { ...row, value };
};

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

/** Where one row's writes go and which cache entry shows the row. */
interface RowPlan<Row extends VersionedRow> {
  mutationKey: readonly string[];
  url: string;
  schema: z.ZodMiniType<Row>;
  cache: RowCache<Row>;
  /** Lists a settled write changes besides the flow's history. */
  lists: readonly QueryKey[];
  /** The row's name, as the outbox lists it. */
  name: (row: Row | undefined) => string;
}

function userPlan(queryClient: QueryClient, flowId: string, userId: string): RowPlan<UserPermission> {
  const queryKey = permissionQueries.user(flowId, userId).queryKey;
  return {
    mutationKey: permissionWriteKeys.user(flowId, userId),
    url: `${base(flowId)}/users/${encodeURIComponent(userId)}`,
    schema: userPermissionSchema,
    cache: {
      read: () => queryClient.getQueryData(queryKey),
      update: (change) => queryClient.setQueryData(queryKey, (row) => (row ? change(row) : row)),
      cancel: () => queryClient.cancelQueries({ queryKey }),
      refetch: () => queryClient.invalidateQueries({ queryKey }),
    },
    lists: [],
    name: (row) => (row ? row.name || row.email : userId),
  };
}

function rolePlan(queryClient: QueryClient, flowId: string, role: string): RowPlan<RolePermission> {
  const queryKey = permissionQueries.roles(flowId).queryKey;
  const url = `${base(flowId)}/roles/${encodeURIComponent(role)}`;
  const update = (change: (row: RolePermission) => RolePermission) =>
    queryClient.setQueryData(queryKey, (list) =>
      list ? { items: list.items.map((row) => (row.name === role ? change(row) : row)) } : list,
    );
  return {
    mutationKey: permissionWriteKeys.role(flowId, role),
    url,
    schema: rolePermissionSchema,
    cache: {
      read: () => queryClient.getQueryData(queryKey)?.items.find((row) => row.name === role),
      update,
      cancel: () => queryClient.cancelQueries({ queryKey }),
      refetch: async () => {
        const row = await request(url, rolePermissionSchema).catch(() => undefined);
        if (row) update(() => row);
        else await queryClient.invalidateQueries({ queryKey });
      },
    },
    // A role's value changes what user rows inherit.
    lists: [permissionQueries.userLists(flowId)],
    name: () => role,
  };
}

/**
 * The write queue of one row, shared by user and role rows. Optimistic: the row shows the target at
 * once. Writes leave in click order, each with the absolute target, the version it is based on
 * (If-Match: the version the page knew at the click, or the one the row's write before it was saved
 * at) and its write id; transient failures are retried. Until it settles a write is in the outbox,
 * so that a reload sends it again. While more writes are queued the row keeps its optimistic value and
 * only learns the new version; when the last one settles the row takes the server's answer, or the
 * row as the server holds it after a conflict, or refetches after a failure.
 */
function writeOptions<Row extends VersionedRow>(queryClient: QueryClient, target: WriteTarget, plan: RowPlan<Row>) {
  const { mutationKey, url, schema, cache } = plan;
  const ledger = writeLedger(queryClient);
  const outbox = outboxOf(queryClient);
  const rowId = mutationKey.join('\u0000');
  const isLast = () => writesInFlight(queryClient, mutationKey) === 1;
  const settle = (row: Row) =>
    cache.update((shown) => (isLast() ? row : { ...shown, version: row.version, changed: row.changed }));
  const options: MutationOptions<Row, ApiError, PermissionWrite> = {
    mutationKey,
    scope: { id: rowId },
    mutationFn: async (write) => {
      if (!outbox.has(write.writeId)) throw new DiscardedError();
      try {
        return await ledger.send(rowId, write, {
          known: () => outbox.base(write.writeId),
          put: (version) =>
            request(url, schema, { method: 'PUT', body: { value: write.value }, headers: versionHeaders(write, version) }),
          fetchRow: () => request(url, schema),
        });
      } catch (error) {
        if (error instanceof ApiError && error.isTransient) outbox.wait(write.writeId);
        throw error;
      }
    },
    retry: retryWrite,
    retryDelay: retryWriteDelay,
    onMutate: async (write) => {
      await cache.cancel();
      cache.update((row) => ({ ...row, value: write.value }));
    },
    onSuccess: (row, write) => {
      outbox.saved(write.writeId, row.version);
      settle(row);
    },
    onError: (error, write) => {
      outbox.remove(write.writeId);
      if (error instanceof ConflictError) return settle(error.current as Row);
      if (isLast()) return cache.refetch();
    },
    onSettled: () => invalidateLists(queryClient, [historyQueries.all(target.flowId), auditKeyRoot(), ...plan.lists]),
  };
  return options;
}

const sendWrite = <Row extends VersionedRow>(
  queryClient: QueryClient,
  target: WriteTarget,
  plan: RowPlan<Row>,
  write: PermissionWrite,
) =>
  queryClient
    .getMutationCache()
    .build(queryClient, writeOptions(queryClient, target, plan))
    .execute(write);

/** Sends a write an earlier page left in the outbox, as a click of this page would be sent. */
export function resendWrite(queryClient: QueryClient, target: WriteTarget, write: PermissionWrite): Promise<VersionedRow> {
  return target.kind === 'user'
    ? sendWrite(queryClient, target, userPlan(queryClient, target.flowId, target.principal), write)
    : sendWrite(queryClient, target, rolePlan(queryClient, target.flowId, target.principal), write);
}

function rowWriter<Row extends VersionedRow & { inherited: Inherited }>(
  queryClient: QueryClient,
  target: WriteTarget,
  plan: RowPlan<Row>,
): RowWriter<Row> {
  return {
    target,
    save: (value) => {
      const write = writeLedger(queryClient).write(value);
      const row = plan.cache.read();
      outboxOf(queryClient).add({
        ...target,
        writeId: write.writeId,
        value,
        base: row?.version,
        flowName: queryClient.getQueryData(flowQueries.detail(target.flowId).queryKey)?.name ?? target.flowId,
        principalName: plan.name(row),
        targetLabel: stateLabel(value, row?.inherited.value ?? 'grant'),
      });
      return sendWrite(queryClient, target, plan, write);
    },
    drained: () => writesInFlight(queryClient, plan.mutationKey) === 0,
  };
}

export interface RowWriter<Row> {
  target: WriteTarget;
  /**
   * Queues a write of `value` (absolute) and settles with the server's row or the write's error. Each
   * call has its own promise, so that every failure can be reported.
   */
  save: (value: ExplicitValue) => Promise<Row>;
  /** No write of the row is queued or in flight. */
  drained: () => boolean;
}

/** Saves one user's value on a flow: `save(value)` queues a write of the row (see writeOptions). */
export function useSetUserPermission(flowId: string, userId: string): RowWriter<UserPermission> {
  const queryClient = useQueryClient();
  return rowWriter(queryClient, { flowId, kind: 'user', principal: userId }, userPlan(queryClient, flowId, userId));
}

/** Saves one role's value on a flow: `save(value)`. A role's value changes what user rows inherit. */
export function useSetRolePermission(flowId: string, role: string): RowWriter<RolePermission> {
  const queryClient = useQueryClient();
  return rowWriter(queryClient, { flowId, kind: 'role', principal: role }, rolePlan(queryClient, flowId, role));
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
