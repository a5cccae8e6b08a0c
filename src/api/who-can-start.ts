import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { whoCanStartSchema } from '../../contract/who-can-start';
import { request } from './client';
import { flowQueries } from './flows';
import { liveChanges, liveRowKey, WHO_CAN_START_ROW } from './live-changes';

/**
 * Who can start a flow, counted by the server (one request per flow shown, so the list paints first).
 * It sits under the flow's key: permission writes on the flow, app-wide values and role changes
 * (which invalidate every flow's subtree) reach it.
 */
export const whoCanStartQueries = {
  flow: (flowId: string) =>
    queryOptions({
      queryKey: [...flowQueries.detail(flowId).queryKey, 'who-can-start'] as const,
      queryFn: ({ signal }) => request(`/flows/${encodeURIComponent(flowId)}/who-can-start`, whoCanStartSchema, { signal }),
    }),
};

/** The flow's who-can-start line as this page holds it now (undefined before it loaded). */
export const whoCanStartShown = (queryClient: QueryClient, flowId: string): unknown =>
  queryClient.getQueryData(whoCanStartQueries.flow(flowId).queryKey);

/** Another administrator's change made the flow's who-can-start line read differently than `before`: it is highlighted. */
export function markWhoCanStartChange(queryClient: QueryClient, flowId: string, before: unknown, by: string): void {
  const after = whoCanStartShown(queryClient, flowId);
  if (before && after && JSON.stringify(before) !== JSON.stringify(after))
    liveChanges(queryClient).mark(liveRowKey(flowId, WHO_CAN_START_ROW), by);
}
