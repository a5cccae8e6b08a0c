import type { DataTag, QueryClient, QueryKey, Updater } from '@tanstack/react-query';

/** Marks every query under these prefixes stale; the ones on screen refetch. */
export function invalidateLists(queryClient: QueryClient, lists: readonly QueryKey[]): Promise<void> {
  return Promise.all(lists.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/**
 * After a write the server answered: its entry takes the saved row at once (no refetch of it), and
 * the lists that show the row, or whose content it changes, refetch.
 */
export function saveRow<Data>(
  queryClient: QueryClient,
  entry: { queryKey: DataTag<QueryKey, Data, unknown> },
  row: Updater<NoInfer<Data> | undefined, NoInfer<Data> | undefined>,
  lists: readonly QueryKey[],
): Promise<void> {
  queryClient.setQueryData(entry.queryKey, row);
  return invalidateLists(queryClient, lists);
}
