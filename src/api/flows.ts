import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from './client';
import { flowPageSchema, flowSchema, type Flow, type RenameFlowInput } from '../../contract/console';
import { nextOffset } from './paging';
import { saveRow } from './save-row';

export const FLOWS_PAGE_SIZE = 100;

const path = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;

/**
 * The root of the key tree: `['flows', 'list', …]` are the searches of the Flow Manager, and
 * `['flows', 'detail', flowId, …]` is everything about one flow (the flow itself, its permissions,
 * history, activity and exposure), so that one prefix reaches all of it.
 */
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
  /** Every flow's subtree: what a change of app-wide values or of roles reaches. */
  details: () => [...flowQueries.all(), 'detail'] as const,
  /** The flow; its key is the prefix of everything about the flow. */
  detail: (flowId: string) =>
    queryOptions({
      queryKey: [...flowQueries.details(), flowId] as const,
      queryFn: ({ signal }) => request(path(flowId), flowSchema, { signal }),
    }),
};

/** A flow the server saved (created, renamed, its status set): its entry takes it and the lists refetch. */
/** The audit log's query key root (its fetchers load with its page): every change invalidates it. */
export const auditKeyRoot = () => ['audit'] as const;

/** The header a change answers with: the audit entry it made, which its Undo names. */
export const AUDIT_ENTRY_HEADER = 'audit-entry';

/** A flow's change is in the audit log too, which the flow's HISTORY tab shows. */
export const saveFlow = (queryClient: QueryClient, flow: Flow) =>
  saveRow(queryClient, flowQueries.detail(flow.id), flow, [flowQueries.lists(), auditKeyRoot()]);

export function useRenameFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ flowId, ...input }: RenameFlowInput & { flowId: string }) => {
      let auditEntry: string | null = null;
      const flow = await request(path(flowId), flowSchema, {
        method: 'PATCH',
        body: input,
        onHeaders: (headers) => (auditEntry = headers.get(AUDIT_ENTRY_HEADER)),
      });
      // The audit entry the rename made: its Undo names it.
      return { flow, auditEntry };
    },
    onSuccess: ({ flow }) => saveFlow(queryClient, flow),
  });
}

export function useDeleteFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (flowId: string) => request(path(flowId), null, { method: 'DELETE' }),
    onSuccess: (_data, flowId) => {
      // The flow and everything under it (permissions, history…) are gone.
      queryClient.removeQueries({ queryKey: flowQueries.detail(flowId).queryKey });
      return queryClient.invalidateQueries({ queryKey: flowQueries.lists() });
    },
  });
}
