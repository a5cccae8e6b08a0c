import type { QueryClient } from '@tanstack/react-query';
import { afterPaint } from '../ui/after-paint';
import { ApiError } from './client';
import { createIndexedDbOutboxStore } from './outbox-idb';
import { createMemoryOutboxStore, type OutboxEntry, type OutboxStore, type WriteTarget } from './outbox-store';

/** An entry as the page shows it: `waiting` once it is more than a save in flight. */
export interface OutboxItem extends OutboxEntry {
  /** Offline, retrying, queued behind another write of its row, or left by an earlier page. */
  readonly waiting: boolean;
}

/** The administrator discarded the write from the outbox before it was saved. */
export class DiscardedError extends ApiError {
  override readonly name = 'DiscardedError';
  constructor() {
    super('http', 'The change was discarded before it was saved.');
  }
}

/**
 * The writes of this page that have not settled, kept in a store so that a reload does not lose them.
 * The memory copy is the truth for this page; the store follows it, one change at a time, in order.
 */
export interface Outbox {
  /** Every unsettled write, oldest first; the same array until something changes. */
  list(): readonly OutboxItem[];
  /**
   * The writes that wait, oldest first; the same array until one of them changes, so that what shows
   * only these is not rendered by a click whose write merely goes out.
   */
  waiting(): readonly OutboxItem[];
  subscribe(listener: () => void): () => void;
  /** A new write; it waits at once when another write of its row is ahead of it. */
  add(entry: Omit<OutboxEntry, 'order'>): void;
  has(writeId: string): boolean;
  /** A later click joined the write before it left: it sets this value now. */
  retarget(writeId: string, value: OutboxEntry['value'], targetLabel: string): void;
  /** The value the row's last unsettled write sets, if it has one. */
  pending(target: WriteTarget): OutboxEntry['value'] | undefined;
  /** The version the write is to be sent on (If-Match). */
  base(writeId: string): number | undefined;
  /** An attempt failed and the write will be tried again. */
  wait(writeId: string): void;
  /** The server holds the write, at `version`: the row's later writes are based on it. */
  saved(writeId: string, version: number): void;
  /** The write left without being saved (a conflict, a failure, a discard). */
  remove(writeId: string): void;
  /**
   * The entries an earlier page left, once per outbox; they join this page's, waiting. Their
   * senders report how each ended through `report`, for the row to show when it is on screen.
   */
  restore(): Promise<OutboxEntry[]>;
  report(target: WriteTarget, error: ApiError): void;
  /** Takes the reports of a restored write's failure kept for a row. */
  takeReports(target: WriteTarget): ApiError[];
  /**
   * Calls `listener` when a report for this row arrives (`takeReports` has it then). Only that row's
   * listeners: a list's rows each listen, and every other change of the outbox (each click) is none
   * of theirs.
   */
  subscribeReports(target: WriteTarget, listener: () => void): () => void;
  /** Resolves when the store has every change made so far. */
  flush(): Promise<void>;
}

const sameItems = (items: readonly OutboxItem[], others: readonly OutboxItem[]) =>
  items.length === others.length &&
  items.every((item, index) => {
    const other = others[index];
    return other?.writeId === item.writeId && other.targetLabel === item.targetLabel && other.value === item.value;
  });

const rowOf = ({ flowId, kind, principal }: WriteTarget) => `${flowId}\u0000${kind}\u0000${principal}`;

export function createOutbox(store: OutboxStore): Outbox {
  const items = new Map<string, OutboxEntry>();
  const waiting = new Set<string>();
  const reports = new Map<string, ApiError[]>();
  const reportListeners = new Map<string, Set<() => void>>();
  const listeners = new Set<() => void>();
  let snapshot: readonly OutboxItem[] = [];
  let waitingSnapshot: readonly OutboxItem[] = [];
  let lastOrder = Date.now();
  let persisting = Promise.resolve();
  /** Store changes not handed to the store yet: they go together, once the frame is painted. */
  let unsaved: (() => Promise<void>)[] = [];
  let restoring: Promise<OutboxEntry[]> | undefined;

  const changed = () => {
    snapshot = [...items.values()]
      .sort((a, b) => a.order - b.order)
      .map((entry) => ({ ...entry, waiting: waiting.has(entry.writeId) }));
    const waitingNow = snapshot.filter((item) => item.waiting);
    if (!sameItems(waitingNow, waitingSnapshot)) waitingSnapshot = waitingNow;
    for (const listener of listeners) listener();
  };
  // After the frame that shows the click (an IndexedDB transaction costs the click's task up to a
  // millisecond), in order. The write itself leaves later still (write-bursts.ts holds it), so a page
  // closed that soon loses no more than it did. A store that fails (private mode, a full disk) leaves
  // the outbox working for this page.
  const persist = (step: () => Promise<void>) => {
    unsaved.push(step);
    if (unsaved.length > 1) return;
    persisting = persisting
      .then(() => new Promise<void>((painted) => afterPaint(painted)))
      .then(async () => {
        const steps = unsaved;
        unsaved = [];
        for (const next of steps) await next().catch(() => undefined);
      });
  };
  const set = (entry: OutboxEntry) => {
    items.set(entry.writeId, entry);
    persist(() => store.put(entry));
  };
  const drop = (writeId: string) => {
    waiting.delete(writeId);
    if (!items.delete(writeId)) return;
    persist(() => store.delete(writeId));
    changed();
  };
  const sameRow = (item: OutboxEntry, other: OutboxEntry) => rowOf(item) === rowOf(other) && item.writeId !== other.writeId;

  return {
    list: () => snapshot,
    waiting: () => waitingSnapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add(entry) {
      const queued = [...items.values()].some((item) => rowOf(item) === rowOf(entry));
      const order = ++lastOrder;
      if (queued) waiting.add(entry.writeId);
      set({ ...entry, order });
      changed();
    },
    has: (writeId) => items.has(writeId),
    retarget(writeId, value, targetLabel) {
      const item = items.get(writeId);
      if (!item) return;
      set({ ...item, value, targetLabel });
      changed();
    },
    pending: (target) => snapshot.findLast((item) => rowOf(item) === rowOf(target))?.value,
    base: (writeId) => items.get(writeId)?.base,
    wait(writeId) {
      if (!items.has(writeId) || waiting.has(writeId)) return;
      waiting.add(writeId);
      changed();
    },
    saved(writeId, version) {
      const item = items.get(writeId);
      if (!item) return;
      for (const other of items.values()) if (sameRow(item, other) && other.order > item.order) set({ ...other, base: version });
      drop(writeId);
    },
    remove: drop,
    restore() {
      restoring ??= store.load().then(
        (entries) => {
          const left = entries.filter((entry) => !items.has(entry.writeId)).sort((a, b) => a.order - b.order);
          for (const entry of left) {
            items.set(entry.writeId, entry);
            waiting.add(entry.writeId);
            lastOrder = Math.max(lastOrder, entry.order);
          }
          if (left.length > 0) changed();
          return left;
        },
        () => [],
      );
      return restoring;
    },
    report(target, error) {
      const row = rowOf(target);
      reports.set(row, [...(reports.get(row) ?? []), error]);
      for (const listener of reportListeners.get(row) ?? []) listener();
    },
    takeReports(target) {
      const taken = reports.get(rowOf(target)) ?? [];
      reports.delete(rowOf(target));
      return taken;
    },
    subscribeReports(target, listener) {
      const row = rowOf(target);
      let rowListeners = reportListeners.get(row);
      if (!rowListeners) reportListeners.set(row, (rowListeners = new Set()));
      rowListeners.add(listener);
      return () => {
        rowListeners.delete(listener);
        if (rowListeners.size === 0) reportListeners.delete(row);
      };
    },
    flush: () => persisting,
  };
}

const outboxes = new WeakMap<QueryClient, Outbox>();

const defaultStore = (): OutboxStore =>
  typeof indexedDB === 'undefined' ? createMemoryOutboxStore() : createIndexedDbOutboxStore(indexedDB);

/** The outbox of the page that `queryClient` serves; `attach` gives it one first (tests do). */
export function outboxOf(queryClient: QueryClient, attach?: Outbox): Outbox {
  let outbox = outboxes.get(queryClient);
  if (attach) outboxes.set(queryClient, (outbox = attach));
  if (!outbox) {
    outbox = createOutbox(defaultStore());
    outboxes.set(queryClient, outbox);
  }
  return outbox;
}
