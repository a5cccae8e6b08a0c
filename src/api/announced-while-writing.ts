import type { QueryClient } from '@tanstack/react-query';
import type { ExplicitValue } from '../../domain/permission';

/** Another administrator's change of one row's value, as the live stream announced it. */
export interface AnnouncedValue {
  value: ExplicitValue;
  version: number;
  by: string;
}

const held = new WeakMap<QueryClient, Map<string, AnnouncedValue>>();

/**
 * Keeps the latest change announced for a row while the page's own writes of it are in flight (`row`
 * is `flowId` + `user:<id>` or `role:<name>`). Their answers settle the row; the last one then takes
 * what is kept, if it is later than the version the write was saved at: a change made after the
 * page's write, announced before its answer, would otherwise be shown over by that answer.
 */
export function holdAnnounced(queryClient: QueryClient, row: string, change: AnnouncedValue): void {
  let rows = held.get(queryClient);
  if (!rows) held.set(queryClient, (rows = new Map()));
  const kept = rows.get(row);
  if (!kept || kept.version < change.version) rows.set(row, change);
}

/** What was kept for the row (and forgets it). */
export function takeAnnounced(queryClient: QueryClient, row: string): AnnouncedValue | undefined {
  const rows = held.get(queryClient);
  const kept = rows?.get(row);
  rows?.delete(row);
  return kept;
}
