import { MAX_BATCH_CHANGES } from '../../contract/batch';
import type { HistoryEntry, MatchingUsers, MatchingUsersQuery, RolePermission, UserPermission } from '../../contract/console';
import type { PermissionValue } from '../../domain/permission';
import type { DirectoryStore } from '../directory/directory-store';
import { requireUser, userNotFound } from '../directory/directory-service';
import { isKnownRole } from '../directory/roles';
import type { FlowStore } from '../flows/flow-store';
import { flowNotFound, requireFlow } from '../flows/flow-service';
import { ErrorCode, notFound } from '../http/errors';
import type { Auditor } from '../audit/auditor';
import type { Clock } from '../platform/clock';
import { principalKey, type Page } from '../store/types';
import { groupCommit } from '../platform/group-commit';
import type { FlowUserQuery, PermissionChange, PermissionStore, UserValueWrite } from './permission-store';
import { roleRows, userRowOf, userRows } from './permission-rows';
import { refusalOf, writeValue } from './permission-writes';

export interface PermissionServiceOptions {
  store: FlowStore & DirectoryStore & PermissionStore;
  now: Clock;
  auditor: Auditor;
}

/** Who writes, and on what condition (If-Match, Idempotency-Key). */
export interface WriteIntent {
  readonly by: string;
  readonly expectedVersion?: number;
  readonly writeId?: string;
}

/** Most single writes in one statement: each holds one advisory lock until the statement commits. */
const MAX_GROUPED_WRITES = 50;

const roleNotFound = () => notFound(ErrorCode.roleNotFound, 'Role not found');

const historyEntryOf = (change: PermissionChange): HistoryEntry => ({
  id: change.id,
  at: change.at,
  by: change.by,
  principal:
    change.principal.kind === 'user'
      ? { kind: 'user', id: change.principal.id, name: change.principalName }
      : { kind: 'role', id: change.principal.name, name: change.principalName },
  from: change.from,
  to: change.to,
  // History saved before change sets existed has none.
  changeSetId: change.changeSetId ?? null,
});

/** Per-flow explicit values: the users' and roles' rows, their writes, and the flow's history. */
export function createPermissionService({ store, now, auditor }: PermissionServiceOptions) {
  // Concurrent single writes of users' values go to the store together (group commit, decision 038):
  // each keeps its own checks, audit entry and answer, sent once its own write is committed.
  const writeUserValue = groupCommit((writes: readonly UserValueWrite[]) => store.setUserValues(writes), {
    maxBatch: MAX_GROUPED_WRITES,
  });
  const roleRow = async (flowId: string, name: string): Promise<RolePermission> => {
    const row = (await roleRows(store, flowId)).find((candidate) => candidate.name === name);
    if (!row) throw roleNotFound();
    return row;
  };
  const userRow = async (flowId: string, userId: string): Promise<UserPermission | undefined> => {
    const user = await requireUser(store, userId);
    return (await userRows(store, flowId, [user]))[0];
  };

  return {
    async users(flowId: string, query: FlowUserQuery): Promise<Page<UserPermission>> {
      const flow = await requireFlow(store, flowId);
      const { only, role, sort, ...page } = query;
      // The directory's own pages stay the fast path for the plain list and "only explicit".
      const { items, total, offset } =
        role !== undefined || sort !== undefined
          ? await store.listFlowUsers(flow.id, query)
          : only === 'explicit'
            ? await store.listUsersWithValues(flow.id, page)
            : await store.listUsers(page);
      return { items: await userRows(store, flow.id, items), total, offset };
    },
    /** Every user the search and filters match, with their values, up to the most a batch write takes. */
    async matchingUsers(flowId: string, query: MatchingUsersQuery): Promise<MatchingUsers> {
      const flow = await requireFlow(store, flowId);
      const { items, total } = await store.listFlowUsers(flow.id, {
        search: query.search,
        ...(query.only ? { only: query.only } : {}),
        ...(query.role ? { role: query.role } : {}),
        offset: 0,
        limit: MAX_BATCH_CHANGES,
      });
      const principals = items.map((user) => ({ kind: 'user', id: user.id }) as const);
      const [values, versions] = await Promise.all([
        store.getValues(flow.id, principals),
        store.getVersions(flow.id, principals),
      ]);
      return {
        items: items.map((user) => {
          const key = principalKey({ kind: 'user', id: user.id });
          return {
            id: user.id,
            name: user.name || user.email,
            value: values.get(key) ?? null,
            version: versions.get(key)?.version ?? 0,
          };
        }),
        total,
        limit: MAX_BATCH_CHANGES,
      };
    },
    async user(flowId: string, userId: string): Promise<UserPermission | undefined> {
      const flow = await requireFlow(store, flowId);
      return userRow(flow.id, userId);
    },
    async setUserValue(flowId: string, userId: string, value: PermissionValue | null, { by, ...conditions }: WriteIntent) {
      const { result } = await auditor.within(
        // The store fills in the names: it reads the flow and the user with the write.
        {
          kind: 'permission.value',
          by,
          flow: { id: flowId, name: '' },
          principal: { kind: 'user', id: userId, name: '' },
          after: value,
        },
        (entry) => writeUserValue({ flowId, userId, value, by, at: now().toISOString(), ...conditions, entry }),
      );
      switch (result.outcome) {
        case 'noFlow':
          throw flowNotFound();
        case 'noUser':
          throw userNotFound();
        case 'failed':
          throw new Error(result.message);
        case 'conflict':
        case 'reused': {
          const current = result.state.versions.get(principalKey({ kind: 'user', id: result.user.id }));
          throw refusalOf(result.outcome, result.user.name || result.user.email, conditions.expectedVersion, current);
        }
        default:
          return { row: userRowOf(result.user, result.state), entries: result.outcome === 'written' ? [result.entry] : [] };
      }
    },
    async roles(flowId: string): Promise<RolePermission[]> {
      const flow = await requireFlow(store, flowId);
      return roleRows(store, flow.id);
    },
    async role(flowId: string, name: string): Promise<RolePermission> {
      const flow = await requireFlow(store, flowId);
      return roleRow(flow.id, name);
    },
    async setRoleValue(flowId: string, name: string, value: PermissionValue | null, write: WriteIntent) {
      const flow = await requireFlow(store, flowId);
      if (!(await isKnownRole(store, name))) throw roleNotFound();
      const entries = await writeValue(store, auditor, {
        ...write,
        flowId: flow.id,
        flowName: flow.name,
        principal: { kind: 'role', name },
        principalName: name,
        value,
        at: now().toISOString(),
      });
      return { row: await roleRow(flow.id, name), entries };
    },
    async history(flowId: string, page: { offset: number; limit: number }): Promise<Page<HistoryEntry>> {
      const flow = await requireFlow(store, flowId);
      const { items, total, offset } = await store.listHistory(flow.id, page);
      return { items: items.map(historyEntryOf), total, offset };
    },
  };
}

export type PermissionService = ReturnType<typeof createPermissionService>;
