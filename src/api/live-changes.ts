import type { QueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/** A row another administrator changed while this page showed it: who, and when it arrived here. */
export interface LiveChangeMark {
  readonly by: string;
  /** How many changes of this row arrived: a new one restarts the row's highlight. */
  readonly count: number;
}

/** Per QueryClient, like the rows' write states: a mark wakes its own row only. */
function createLiveChanges() {
  const marks = new Map<string, LiveChangeMark>();
  const listeners = new Map<string, Set<() => void>>();
  return {
    mark(rowKey: string, by: string) {
      marks.set(rowKey, { by, count: (marks.get(rowKey)?.count ?? 0) + 1 });
      listeners.get(rowKey)?.forEach((listener) => listener());
    },
    get: (rowKey: string) => marks.get(rowKey),
    subscribe(rowKey: string, listener: () => void) {
      let row = listeners.get(rowKey);
      if (!row) listeners.set(rowKey, (row = new Set()));
      row.add(listener);
      return () => {
        row.delete(listener);
        if (row.size === 0) listeners.delete(rowKey);
      };
    },
  };
}

const stores = new WeakMap<QueryClient, ReturnType<typeof createLiveChanges>>();

export function liveChanges(queryClient: QueryClient) {
  let store = stores.get(queryClient);
  if (!store) stores.set(queryClient, (store = createLiveChanges()));
  return store;
}

/** A flow's own line in the Flow Manager (its name, status, description). */
export const FLOW_ROW = 'flow';
/** A flow's who-can-start line. */
export const WHO_CAN_START_ROW = 'who-can-start';

/** `flowId` + `user:<id>`, `role:<name>`, or one of the flow's lines above: one row of one flow. */
export const liveRowKey = (flowId: string, principal: string) => `${flowId}\u0000${principal}`;

/** The last change another administrator made to this row while the page was open, if any. */
export function useLiveChange(flowId: string, principal: string): LiveChangeMark | undefined {
  const store = liveChanges(useQueryClient());
  const rowKey = liveRowKey(flowId, principal);
  const subscribe = useCallback((listener: () => void) => store.subscribe(rowKey, listener), [store, rowKey]);
  const read = () => store.get(rowKey);
  return useSyncExternalStore(subscribe, read, read);
}

/** The highlight's class: alternating, so that a second change restarts the animation. */
export const liveFlashClass = (mark: LiveChangeMark | undefined, prefix = 'live-flash') =>
  mark ? `${prefix}-${mark.count % 2 ? 'a' : 'b'}` : '';
