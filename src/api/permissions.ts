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
  matchingUsersSchema,
  type MatchingUsersQuery,
  rolePermissionListSchema,
  rolePermissionSchema,
  userPermissionPageSchema,
  userPermissionSchema,
  type Inherited,
  type RolePermission,
  type UserPermission,
  type UserSort,
} from '../../contract/console';
import { DiscardedError, outboxOf } from './outbox';
import type { WriteTarget } from './outbox-store';
import { auditKeyRoot, flowQueries } from './flows';
import { historyQueries } from './history';
import { nextOffset } from './paging';
import { rowWriteStates, type WriteState } from './row-write-states';
import { invalidateLists } from './save-row';
import { markWhoCanStartChange, whoCanStartQueries, whoCanStartShown } from './who-can-start';
import { accessTestQueries } from './access-tests';
import { writeBursts } from './write-bursts';
import { holdAnnounced, takeAnnounced } from './announced-while-writing';
import { liveChanges, liveRowKey } from './live-changes';

export const USERS_PAGE_SIZE = 100;

/** The users list's filter by custom role ('' for all) and its order (the directory's when not given). */
export interface UserListOptions {
  role?: string;
  sort?: UserSort | undefined;
}

const base = (flowId: string) => `/flows/${encodeURIComponent(flowId)}/permissions`;

/**
 * Everything about who may start a flow sits under the flow's key:
 * `['flows', 'detail', flowId, 'permissions', 'users', 'list', { search, only }]` (pages of ids),
 * `[…, 'users', 'row', userId]` (one user's row) and `[…, 'roles']`.
 */
export const permissionQueries = {
  all: (flowId: string) => [...flowQueries.detail(flowId).queryKey, 'permissions'] as const,
  userLists: (flowId: string) => [...permissionQueries.all(flowId), 'users', 'list'] as const,
  /**
   * `only: 'explicit'` lists just the users with an explicit value on the flow; `role` just the holders
   * of a custom role; `sort` orders by name or by state (the server does all three).
   */
  users: (flowId: string, search: string, only: 'all' | 'explicit' = 'all', { role = '', sort }: UserListOptions = {}) =>
    infiniteQueryOptions({
      queryKey: [...permissionQueries.userLists(flowId), { search, only, role, sort: sort ?? 'directory' }] as const,
      queryFn: async ({ pageParam, signal, client }) => {
        const askedAt = Date.now();
        const page = await request(`${base(flowId)}/users`, userPermissionPageSchema, {
          query: {
            search,
            offset: pageParam,
            limit: USERS_PAGE_SIZE,
            only: only === 'explicit' ? only : undefined,
            role: role || undefined,
            sort,
          },
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
   * Every user the search and filters match, with their values (not a page; up to the batch limit):
   * the set "Select all matching" and the bulk actions work on, resolved by the server. Always fresh.
   */
  matching: (flowId: string, query: MatchingUsersQuery) =>
    queryOptions({
      queryKey: [...permissionQueries.all(flowId), 'users', 'matching', query] as const,
      queryFn: ({ signal }) =>
        request(`${base(flowId)}/users-matching`, matchingUsersSchema, {
          query: { search: query.search, only: query.only, role: query.role },
          signal,
        }),
      staleTime: 0,
      gcTime: 0,
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

/** Writes the server has answered; their mutations stay in flight while what they reach refetches. */
const answered = new WeakSet<PermissionWrite>();

/** The row's writes still waiting for the server's answer (an announcement is theirs to settle). */
const writesAwaitingAnswer = (queryClient: QueryClient, key: readonly unknown[]) =>
  queryClient
    .getMutationCache()
    .findAll({ mutationKey: key, exact: true, status: 'pending' })
    .filter((mutation) => !answered.has(mutation.state.variables as PermissionWrite)).length;

const withPending = <Row extends VersionedRow>(queryClient: QueryClient, target: WriteTarget, row: Row): Row => {
  const value = outboxOf(queryClient).pending(target);
  return value === undefined ? row : { ...row, value };
};

const versionHeaders = (write: PermissionWrite, version: number | undefined): Record<string, string> => ({
  'idempotency-key': write.writeId,
  ...(version === undefined ? {} : { 'if-match': `"${version}"` }),
});

/** The row's write queue: its mutations' scope, and the key its write state and bursts go by. */
const rowIdOf = (plan: { mutationKey: readonly string[] }) => plan.mutationKey.join('\u0000');

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

/**
 * Cancels one entry's fetch as `cancelQueries({ queryKey })` does (the fetched data dropped), found by
 * its hash: `cancelQueries` looks at every entry of the cache, a row each, thousands once a long list
 * was scrolled, in the task of every click.
 */
function cancelEntry(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  return queryClient.getQueryCache().get(hashKey(queryKey))?.cancel({ revert: true }) ?? Promise.resolve();
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
      cancel: () => cancelEntry(queryClient, queryKey),
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
      cancel: () => cancelEntry(queryClient, queryKey),
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
  const bursts = writeBursts(queryClient);
  const rowId = rowIdOf(plan);
  const isLast = () => writesInFlight(queryClient, mutationKey) === 1;
  const rowKey = liveRowKey(target.flowId, `${target.kind}:${target.principal}`);
  /** Another administrator's change announced while the row's writes awaited their answers, if later than `row`. */
  /** Another administrator's change this write showed as it settled, and the who-can-start line before it. */
  let theirs: { by: string; lineBefore: unknown } | undefined;
  const laterThan = (row: Row): Row | undefined => {
    const later = takeAnnounced(queryClient, rowKey);
    if (!later || later.version <= row.version) return undefined;
    const { value, version, by } = later;
    theirs = { by, lineBefore: whoCanStartShown(queryClient, target.flowId) };
    if (cache.read()) liveChanges(queryClient).mark(rowKey, by);
    return { ...row, value, version, changed: { by, at: new Date().toISOString(), writeId: null } };
  };
  const settle = (row: Row) => {
    if (!isLast()) return cache.update((shown) => ({ ...shown, version: row.version, changed: row.changed }));
    const shown = laterThan(row) ?? row;
    cache.update(() => shown);
  };
  const options: MutationOptions<Row, ApiError, PermissionWrite> = {
    mutationKey,
    scope: { id: rowId },
    mutationFn: async (queued) => {
      // A click's write waits for the clicks that follow it closely, and sends the last one's target.
      const burst = bursts.of(queued.writeId);
      if (burst) await burst.closed;
      const write = burst?.write ?? queued;
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
        // Another administrator's change announced while this write awaited its answer, later than
        // the row the conflict was found on: the row will show that one, so the notice names it.
        if (error instanceof ConflictError && isLast()) {
          const later = laterThan(error.current as Row);
          if (later) throw new ConflictError(later, error.mine, error.superseded);
        }
        throw error;
      }
    },
    retry: retryWrite,
    retryDelay: retryWriteDelay,
    onMutate: async (write) => {
      await cache.cancel();
      const { value } = bursts.of(write.writeId)?.write ?? write;
      cache.update((row) => ({ ...row, value }));
    },
    onSuccess: (row, write) => {
      answered.add(write);
      outbox.saved(write.writeId, row.version);
      settle(row);
    },
    onError: (error, write) => {
      answered.add(write);
      outbox.remove(write.writeId);
      if (error instanceof ConflictError) return settle(error.current as Row);
      if (!isLast()) return;
      takeAnnounced(queryClient, rowKey);
      return cache.refetch();
    },
    onSettled: async (_row, _error, write) => {
      bursts.done(write.writeId);
      await invalidateLists(queryClient, [
        historyQueries.all(target.flowId),
        auditKeyRoot(),
        whoCanStartQueries.flow(target.flowId).queryKey,
        accessTestQueries.flow(target.flowId).queryKey,
        ...plan.lists,
      ]);
      // The line reads what the row shows: highlighted as the other administrator's, as the stream would.
      if (theirs) markWhoCanStartChange(queryClient, target.flowId, theirs.lineBefore, theirs.by);
    },
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
  const rowId = rowIdOf(plan);
  /** Queues a write of `value` made while the row was `row`. */
  const queue = (value: ExplicitValue, row: Row | undefined, now: boolean): RowSave<Row> => {
    const bursts = writeBursts(queryClient);
    const ledger = writeLedger(queryClient);
    const outbox = outboxOf(queryClient);
    const targetLabel = stateLabel(value, row?.inherited.value ?? 'grant');
    const open = bursts.open(rowId);
    if (open?.saved) {
      // The burst's write takes this click's target and its place in the click order.
      bursts.join(rowId, ledger.adopt(open.write.writeId, value), now);
      outbox.retarget(open.write.writeId, value, targetLabel);
      plan.cache.update((shown) => ({ ...shown, value }));
      return { saved: open.saved as Promise<Row>, joined: true, before: open.before };
    }
    const write = ledger.write(value);
    const before = row?.value ?? null;
    const burst = bursts.start(rowId, write, before, now);
    // At once, not when the write's onMutate runs: a second click before the next render reads it.
    plan.cache.update((shown) => ({ ...shown, value }));
    outbox.add({
      ...target,
      writeId: write.writeId,
      value,
      base: row?.version,
      flowName: queryClient.getQueryData(flowQueries.detail(target.flowId).queryKey)?.name ?? target.flowId,
      principalName: plan.name(row),
      targetLabel,
    });
    const saved = sendWrite(queryClient, target, plan, write);
    burst.saved = saved;
    return { saved, joined: false, before };
  };
  return {
    target,
    show: (value) => {
      const row = plan.cache.read();
      plan.cache.update((shown) => ({ ...shown, value }));
      return ({ now = false } = {}) => queue(value, row, now);
    },
    drained: () => writesInFlight(queryClient, plan.mutationKey) === 0,
    current: () => plan.cache.read()?.value,
  };
}

/** What a click's save did. */
export interface RowSave<Row> {
  /** Settles with the server's row, or the write's error. */
  saved: Promise<Row>;
  /** The click joined a write queued by a click just before it: `saved` is that write's. */
  joined: boolean;
  /** The row's value before the first click of the write: what Undo goes back to. */
  before: ExplicitValue;
}

export interface RowWriter<Row> {
  target: WriteTarget;
  /**
   * Puts `value` (absolute) on the row at once, and nothing else, so that a click's frame shows it
   * before its write is queued; answers the function that queues that write, based on the row as it
   * was before. Clicks on the row in quick succession are one write of the last target (see
   * write-bursts); `now` sends at once (a chosen state, an Undo), taking the clicks queued just before
   * it along.
   */
  show: (value: ExplicitValue) => (options?: { now?: boolean }) => RowSave<Row>;
  /** No write of the row is queued or in flight. */
  drained: () => boolean;
  /** The value the row shows now (the last click's target), read from the cache, not from a render. */
  current: () => ExplicitValue | undefined;
}

/** Saves one user's value on a flow: `show(value)`, then the write it answers (see writeOptions). */
export function useSetUserPermission(flowId: string, userId: string): RowWriter<UserPermission> {
  const queryClient = useQueryClient();
  return rowWriter(queryClient, { flowId, kind: 'user', principal: userId }, userPlan(queryClient, flowId, userId));
}

/** Saves one role's value on a flow (`show`). A role's value changes what user rows inherit. */
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
 * Settles when all three are in the cache (or failed: the dialog then shows the error).
 */
export function prefetchPermissions(queryClient: QueryClient, flowId: string): Promise<void> {
  return Promise.all([
    queryClient.prefetchQuery(flowQueries.detail(flowId)),
    queryClient.prefetchInfiniteQuery(permissionQueries.users(flowId, '')),
    queryClient.prefetchQuery(permissionQueries.roles(flowId)),
  ]).then(() => undefined);
}

/**
 * One user's row, read from its cache entry as soon as the entry changes. A query observer hears of a
 * change in TanStack's next notification batch (a timer task), and a frame painted in between showed
 * the click one frame late; the cache's own event comes at once, so the click's optimistic value
 * renders in the click's task. The observer stays, with nothing to notify, to fetch a row no list has
 * written.
 */
export function useUserRow(flowId: string, userId: string) {
  useUserRowFetch(flowId, userId);
  return useUserRowValue(flowId, userId);
}

/**
 * The observer that fetches a row no list has written; it notifies nothing. A component that
 * re-renders on every click keeps it in a memoized child (see UserRow), so that a click does not
 * update the observer's options too.
 */
export function useUserRowFetch(flowId: string, userId: string): void {
  useQuery({ ...permissionQueries.user(flowId, userId), notifyOnChangeProps: [] });
}

/** One user's row, read from its cache entry as soon as the entry changes (see useUserRow), without fetching it. */
export function useUserRowValue(flowId: string, userId: string) {
  const queryClient = useQueryClient();
  const options = permissionQueries.user(flowId, userId);
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

/**
 * Rows another view loaded (the Access overview) go into the same cache entries the dialog reads, as
 * its own lists write them: a row with writes in flight keeps its optimistic value, and a row that
 * changed after the request left (`askedAt`) keeps the newer value.
 */
export function writeRoleRows(client: QueryClient, flowId: string, rows: readonly RolePermission[], askedAt: number): void {
  const options = permissionQueries.roles(flowId);
  if ((client.getQueryState(options.queryKey)?.dataUpdatedAt ?? 0) > askedAt) return;
  const cached = client.getQueryData(options.queryKey);
  const keep = (row: RolePermission) => {
    const shown = cached?.items.find((other) => other.name === row.name);
    const writing = writesInFlight(client, permissionWriteKeys.role(flowId, row.name)) > 0;
    if (!shown) return writing ? withPending(client, { flowId, kind: 'role', principal: row.name }, row) : row;
    return writing || shown.version > row.version ? shown : row;
  };
  client.setQueryData(options.queryKey, { items: rows.map(keep) });
}

export function writeUserRow(client: QueryClient, flowId: string, row: UserPermission, askedAt: number): void {
  const rowKey = permissionQueries.user(flowId, row.id).queryKey;
  if (writesInFlight(client, permissionWriteKeys.user(flowId, row.id)) > 0) {
    if (!client.getQueryData(rowKey))
      client.setQueryData(rowKey, withPending(client, { flowId, kind: 'user', principal: row.id }, row));
    return;
  }
  if ((client.getQueryState(rowKey)?.dataUpdatedAt ?? 0) > askedAt) return;
  client.setQueryData(rowKey, row);
}

/**
 * Keeps an announced change of a row whose own writes await their answers, for the last answer to settle
 * (see holdAnnounced), and says so: nothing is shown of it now.
 */
export function heldForOwnWrites(
  queryClient: QueryClient,
  change: { flowId: string; principal: string; value: ExplicitValue; version: number; by: string },
): boolean {
  const { flowId, principal } = change;
  const key = principal.startsWith('user:')
    ? permissionWriteKeys.user(flowId, principal.slice('user:'.length))
    : permissionWriteKeys.role(flowId, principal.slice('role:'.length));
  if (writesAwaitingAnswer(queryClient, key) === 0) return false;
  holdAnnounced(queryClient, liveRowKey(flowId, principal), change);
  return true;
}

/** The page already knows this version of the row (its own write, answered): nothing to point out. */
export function isOwnValueChange(
  queryClient: QueryClient,
  change: { flowId: string; principal: string; version: number },
): boolean {
  const { flowId, principal, version } = change;
  if (principal.startsWith('user:')) {
    const userId = principal.slice('user:'.length);
    return (queryClient.getQueryData(permissionQueries.user(flowId, userId).queryKey)?.version ?? -1) >= version;
  }
  const role = principal.slice('role:'.length);
  const row = queryClient.getQueryData(permissionQueries.roles(flowId).queryKey)?.items.find((shown) => shown.name === role);
  return (row?.version ?? -1) >= version;
}

/**
 * Another administrator's change of one value, announced by the live stream: the row takes the new
 * value and version (its next write's If-Match), unless the row has writes of its own awaiting answers — their
 * answers settle it — or already knows that version (the page's own write). True when the row changed.
 */
export function refreshValue(
  queryClient: QueryClient,
  change: { flowId: string; principal: string; value: ExplicitValue; version: number; by: string },
): boolean {
  const { flowId, principal, value, version, by } = change;
  const changed = { by, at: new Date().toISOString(), writeId: null };
  const newer = <Row extends VersionedRow>(row: Row | undefined) => row !== undefined && row.version < version;
  if (principal.startsWith('user:')) {
    const userId = principal.slice('user:'.length);
    const key = permissionQueries.user(flowId, userId).queryKey;
    const row = queryClient.getQueryData(key);
    if (writesAwaitingAnswer(queryClient, permissionWriteKeys.user(flowId, userId)) > 0 || !newer(row)) return false;
    queryClient.setQueryData(key, (shown) => shown && { ...shown, value, version, changed });
    return true;
  }
  const role = principal.slice('role:'.length);
  const key = permissionQueries.roles(flowId).queryKey;
  const row = queryClient.getQueryData(key)?.items.find((candidate) => candidate.name === role);
  if (writesAwaitingAnswer(queryClient, permissionWriteKeys.role(flowId, role)) > 0 || !newer(row)) return false;
  queryClient.setQueryData(
    key,
    (list) => list && { items: list.items.map((shown) => (shown.name === role ? { ...shown, value, version, changed } : shown)) },
  );
  return true;
}
