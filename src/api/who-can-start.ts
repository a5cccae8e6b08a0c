import { queryOptions } from '@tanstack/react-query';
import { whoCanStartSchema } from '../../contract/who-can-start';
import { request } from './client';
import { flowQueries } from './flows';

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
