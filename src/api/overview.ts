import { infiniteQueryOptions } from '@tanstack/react-query';
import type { Channel } from '../../domain/caller';
import type { FlowStatus } from '../../domain/flow';
import { roleMatrixPageSchema, userRunPageSchema } from '../../contract/overview';
import { request } from './client';
import { flowQueries } from './flows';
import { nextOffset } from './paging';
import { writeRoleRows, writeUserRow } from './permissions';

/** A screenful of columns and some: the first cells paint after one small page. */
export const OVERVIEW_PAGE_SIZE = 20;

export const NO_FILTERS: OverviewFilters = { search: '', status: undefined, onlySet: false };

export interface OverviewFilters {
  search: string;
  status: FlowStatus | undefined;
  onlySet: boolean;
}

const filterQuery = ({ search, status, onlySet }: OverviewFilters) => ({
  search,
  status,
  only: onlySet ? 'set' : undefined,
});

/**
 * The Access overview's pages of flows. The rows they bring go into the entries the Permissions dialog
 * reads (a flow's roles, a user's row), so a cell and the dialog show one value and share one save path;
 * the pages themselves keep only the flows (and, for a user, the decision without their own value).
 */
export const overviewQueries = {
  all: () => ['overview'] as const,
  matrix: (filters: OverviewFilters) =>
    infiniteQueryOptions({
      queryKey: [...overviewQueries.all(), 'matrix', filters] as const,
      queryFn: async ({ pageParam, signal, client }) => {
        const askedAt = Date.now();
        const page = await request('/role-matrix', roleMatrixPageSchema, {
          query: { ...filterQuery(filters), offset: pageParam, limit: OVERVIEW_PAGE_SIZE },
          signal,
        });
        for (const { flow, roles } of page.items) {
          client.setQueryData(flowQueries.detail(flow.id).queryKey, flow);
          writeRoleRows(client, flow.id, roles, askedAt);
        }
        return { flows: page.items.map((item) => item.flow), total: page.total, offset: page.offset };
      },
      initialPageParam: 0,
      getNextPageParam: (last) => nextOffset(last, last.flows.length),
    }),
  userRuns: () => [...overviewQueries.all(), 'user'] as const,
  userRun: (userId: string, channel: Channel, filters: OverviewFilters) =>
    infiniteQueryOptions({
      queryKey: [...overviewQueries.userRuns(), userId, channel, filters] as const,
      queryFn: async ({ pageParam, signal, client }) => {
        const askedAt = Date.now();
        const page = await request(`/users/${encodeURIComponent(userId)}/flow-access`, userRunPageSchema, {
          query: { ...filterQuery(filters), only: undefined, channel, offset: pageParam, limit: OVERVIEW_PAGE_SIZE },
          signal,
        });
        for (const { flow, row } of page.items) {
          client.setQueryData(flowQueries.detail(flow.id).queryKey, flow);
          writeUserRow(client, flow.id, row, askedAt);
        }
        return {
          items: page.items.map(({ flow, fallback }) => ({ flow, fallback })),
          total: page.total,
          offset: page.offset,
        };
      },
      initialPageParam: 0,
      getNextPageParam: (last) => nextOffset(last, last.items.length),
    }),
};
