import { queryOptions } from '@tanstack/react-query';
import { request } from './client';
import { flowQueries } from './flows';
import { historyPageSchema } from '../../contract/console';

export const HISTORY_PAGE_SIZE = 25;

/** Changes of values on a flow, newest first: `['flows', 'detail', flowId, 'history', { offset }]`. */
export const historyQueries = {
  all: (flowId: string) => [...flowQueries.detail(flowId).queryKey, 'history'] as const,
  page: (flowId: string, offset: number) =>
    queryOptions({
      queryKey: [...historyQueries.all(flowId), { offset }] as const,
      queryFn: ({ signal }) =>
        request(`/flows/${encodeURIComponent(flowId)}/history`, historyPageSchema, {
          query: { offset, limit: HISTORY_PAGE_SIZE },
          signal,
        }),
    }),
};
