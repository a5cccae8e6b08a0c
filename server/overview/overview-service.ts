import type { OverviewQuery, RoleMatrixPage, UserRunPage, UserRunQuery } from '../../contract/overview';
import { callerFor } from '../../domain/caller';
import { decide } from '../../domain/decision';
import { identityOf, permissionLookup } from '../access/access-rule';
import type { DirectoryStore } from '../directory/directory-store';
import { requireUser } from '../directory/directory-service';
import type { Flow, FlowStore } from '../flows/flow-store';
import type { PermissionStore } from '../permissions/permission-store';
import { roleRowsOf, userRows } from '../permissions/permission-rows';
import type { Page } from '../store/types';

/** More flows than an app has: the filters run over all of them, then one page is answered. */
const ALL_FLOWS = 100_000;

export interface OverviewServiceOptions {
  store: FlowStore & DirectoryStore & PermissionStore;
}

/** The Access overview's reads: roles by flow, and what one user can run. Writes go through the rows' own endpoints. */
export function createOverviewService({ store }: OverviewServiceOptions) {
  async function flowsMatching(
    { search, status, offset, limit }: OverviewQuery,
    keep: () => Promise<(flow: Flow) => boolean>,
  ): Promise<Page<Flow>> {
    const [{ items }, kept] = await Promise.all([store.listFlows({ search, offset: 0, limit: ALL_FLOWS }), keep()]);
    const matching = items.filter((flow) => (status === undefined || flow.status === status) && kept(flow));
    return { items: matching.slice(offset, offset + limit), total: matching.length, offset };
  }

  return {
    async roleMatrix(query: OverviewQuery): Promise<RoleMatrixPage> {
      const page = await flowsMatching(query, async () => {
        if (query.only !== 'set') return () => true;
        const withValues = await store.flowsWithRoleValues();
        return (flow) => withValues.has(flow.id);
      });
      const roles = await roleRowsOf(
        store,
        page.items.map((flow) => flow.id),
      );
      return { ...page, items: page.items.map((flow, index) => ({ flow, roles: roles[index] ?? [] })) };
    },
    async userRun(userId: string, query: UserRunQuery): Promise<UserRunPage> {
      const user = await requireUser(store, userId);
      const caller = callerFor(identityOf(user), query.channel);
      // Without the user's own value: the row shows that value, and a click changes it at once.
      const withoutUser = { ...caller, userId: null };
      const page = await flowsMatching({ ...query, only: undefined }, async () => () => true);
      const items = await Promise.all(
        page.items.map(async (flow) => {
          const [rows, lookup] = await Promise.all([
            userRows(store, flow.id, [user]),
            permissionLookup(store, flow.id, withoutUser),
          ]);
          const row = rows[0];
          if (!row) throw new Error('unreachable: a row for the user asked about');
          return { flow, row, fallback: decide(withoutUser, lookup) };
        }),
      );
      return { ...page, items };
    },
  };
}

export type OverviewService = ReturnType<typeof createOverviewService>;
