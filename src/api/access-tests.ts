import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { accessTestListSchema, accessTestRunSchema, type NewAccessTest } from '../../contract/access-tests';
import { request } from './client';
import { flowQueries } from './flows';

const path = (flowId: string) => `/flows/${encodeURIComponent(flowId)}/access-tests`;

/**
 * A flow's saved access tests with their results on the flow as it is now. Under the flow's key, and
 * invalidated by every permission write on the flow (row saves, batches), so they run after each change.
 */
export const accessTestQueries = {
  flow: (flowId: string) =>
    queryOptions({
      queryKey: [...flowQueries.detail(flowId).queryKey, 'access-tests'] as const,
      queryFn: ({ signal }) => request(path(flowId), accessTestListSchema, { signal }),
      staleTime: 0,
    }),
};

export function useSaveAccessTest(flowId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (test: NewAccessTest) => request(path(flowId), accessTestRunSchema, { method: 'POST', body: test }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessTestQueries.flow(flowId).queryKey }),
  });
}

export function useDeleteAccessTest(flowId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(`${path(flowId)}/${encodeURIComponent(id)}`, null, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessTestQueries.flow(flowId).queryKey }),
  });
}
