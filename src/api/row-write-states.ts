import { onlineManager, type Mutation, type QueryClient } from '@tanstack/react-query';
import type { ApiError } from './client';

export type WriteState = 'idle' | 'saving' | 'retrying' | 'offline';

/**
 * Where each row's queued writes stand, kept per QueryClient with one subscription to its mutation
 * cache. A row listens to its own writes only: a click wakes its row, not every row on screen (each
 * row filtering every write of the page cost more than the click's own render).
 */
export interface RowWriteStates {
  state(rowId: string): WriteState;
  subscribe(rowId: string, listener: () => void): () => void;
}

type AnyMutation = Mutation<unknown, ApiError, unknown, unknown>;

function stateOf(writes: ReadonlySet<AnyMutation> | undefined): WriteState {
  if (!writes || writes.size === 0) return 'idle';
  const all = [...writes].map((mutation) => mutation.state);
  // A write waiting for its turn in the row's queue is paused too; only a browser offline counts here.
  const offline = all.some(
    ({ isPaused, failureReason }) => (isPaused && !onlineManager.isOnline()) || failureReason?.kind === 'network',
  );
  if (offline) return 'offline';
  return all.some(({ failureReason }) => failureReason) ? 'retrying' : 'saving';
}

function createRowWriteStates(queryClient: QueryClient): RowWriteStates {
  const cache = queryClient.getMutationCache();
  const pending = new Map<string, Set<AnyMutation>>();
  const listeners = new Map<string, Set<() => void>>();
  const track = (mutation: AnyMutation, removed = false) => {
    const rowId = mutation.options.scope?.id;
    if (rowId === undefined) return;
    let writes = pending.get(rowId);
    if (!removed && mutation.state.status === 'pending') {
      if (!writes) pending.set(rowId, (writes = new Set()));
      writes.add(mutation);
    } else if (writes?.delete(mutation) && writes.size === 0) {
      pending.delete(rowId);
    }
    return rowId;
  };
  for (const mutation of cache.getAll()) track(mutation as AnyMutation);
  cache.subscribe((event) => {
    // Observer events may come before their observer has a mutation.
    if (!event.mutation) return;
    const rowId = track(event.mutation as AnyMutation, event.type === 'removed');
    // At once, like the row's value (useUserRow): both render in the click's task, before its frame.
    if (rowId !== undefined) listeners.get(rowId)?.forEach((listener) => listener());
  });
  // Rare: going on or offline changes what a paused write means, for every row. Subscribed only
  // while rows listen, so that the process-wide onlineManager does not keep this client alive.
  let offOnline: (() => void) | undefined;
  const notifyAll = () => listeners.forEach((row) => row.forEach((listener) => listener()));
  return {
    state: (rowId) => stateOf(pending.get(rowId)),
    subscribe(rowId, listener) {
      let row = listeners.get(rowId);
      if (!row) listeners.set(rowId, (row = new Set()));
      row.add(listener);
      offOnline ??= onlineManager.subscribe(notifyAll);
      return () => {
        row.delete(listener);
        if (row.size === 0) listeners.delete(rowId);
        if (listeners.size === 0) {
          offOnline?.();
          offOnline = undefined;
        }
      };
    },
  };
}

const stores = new WeakMap<QueryClient, RowWriteStates>();

/** The write states of the rows that `queryClient` serves, made on first use. */
export function rowWriteStates(queryClient: QueryClient): RowWriteStates {
  let store = stores.get(queryClient);
  if (!store) {
    store = createRowWriteStates(queryClient);
    stores.set(queryClient, store);
  }
  return store;
}
