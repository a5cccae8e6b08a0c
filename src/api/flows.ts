import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { flowPageSchema, flowSchema, type Flow, type RenameFlowInput } from '../../contract/console';
import { nextOffset } from './paging';

export const FLOWS_PAGE_SIZE = 100;

const path = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;

export const flowQueries = {
  all: () => ['flows'] as const,
  lists: () => [...flowQueries.all(), 'list'] as const,
  list: (search: string) =>
    infiniteQueryOptions({
      queryKey: [...flowQueries.lists(), { search }] as const,
      queryFn: ({ pageParam, signal }) =>
        request('/flows', flowPageSchema, { query: { search, offset: pageParam, limit: FLOWS_PAGE_SIZE }, signal }),
      initialPageParam: 0,
      getNextPageParam: (last) => nextOffset(last, last.items.length),
    }),
  detail: (flowId: string) =>
    queryOptions({
      queryKey: [...flowQueries.all(), 'detail', flowId] as const,
      queryFn: ({ signal }) => request(path(flowId), flowSchema, { signal }),
    }),
};

export function useRenameFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ flowId, ...input }: RenameFlowInput & { flowId: string }) =>
      request(path(flowId), flowSchema, { method: 'PATCH', body: input }),
    onSuccess: (flow: Flow) => {
      queryClient.setQueryData(flowQueries.detail(flow.id).queryKey, flow);
      return queryClient.invalidateQueries({ queryKey: flowQueries.lists() });
    },
  });
}

export function useDeleteFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (flowId: string) => request(path(flowId), null, { method: 'DELETE' }),
    onSuccess: (_data, flowId) => {
      queryClient.removeQueries({ queryKey: flowQueries.detail(flowId).queryKey });
      return queryClient.invalidateQueries({ queryKey: flowQueries.lists() });
    },
  });
}
