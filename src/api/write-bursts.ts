import type { QueryClient } from '@tanstack/react-query';
import type { ExplicitValue } from '../../domain/permission';
import type { PermissionWrite } from './permission-writes';

/**
 * Clicks on one row within this long of each other are one write of the last click's target: cycling
 * from inherited to denied must never store "granted" on the way (which would open the flow, for a
 * moment, to a role that inherits a deny).
 */
export const COALESCE_MS = 600;

/**
 * The clicks on one row not sent yet: one queued write whose target the later clicks change. The
 * write's id stays; its value and its place in the click order are the last click's.
 */
export interface Burst {
  write: PermissionWrite;
  /** The row's value before the burst's first click: what Undo goes back to. */
  readonly before: ExplicitValue;
  /** Resolves when the write may leave: no click for COALESCE_MS, or a direct choice closed it. */
  readonly closed: Promise<void>;
  /** The write's promise, for the clicks that join it (set as the write is queued). */
  saved?: Promise<unknown>;
}

interface OpenBurst extends Burst {
  close: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The open bursts of one page, by row; a burst leaves the registry when it closes. */
export interface WriteBursts {
  /** The open burst of the row, if a click on it has not been sent yet. */
  open(rowId: string): Burst | undefined;
  /** The burst that holds this write, open or closed (until its write settles). */
  of(writeId: string): Burst | undefined;
  /** A first click: holds `write` for the window (or not at all when `now`). */
  start(rowId: string, write: PermissionWrite, before: ExplicitValue, now: boolean): Burst;
  /** A later click: the burst's write takes its target; `now` sends it at once. */
  join(rowId: string, write: PermissionWrite, now: boolean): void;
  /** The write settled: the registry forgets it. */
  done(writeId: string): void;
}

export function createWriteBursts(windowMs = COALESCE_MS): WriteBursts {
  const byRow = new Map<string, OpenBurst>();
  const byWrite = new Map<string, OpenBurst>();
  const arm = (rowId: string, burst: OpenBurst, now: boolean) => {
    clearTimeout(burst.timer);
    const close = () => {
      if (byRow.get(rowId) === burst) byRow.delete(rowId);
      burst.close();
    };
    if (now) close();
    else burst.timer = setTimeout(close, windowMs);
  };
  return {
    open: (rowId) => byRow.get(rowId),
    of: (writeId) => byWrite.get(writeId),
    start(rowId, write, before, now) {
      let close = () => {};
      const closed = new Promise<void>((resolve) => (close = resolve));
      const burst: OpenBurst = { write, before, closed, close, timer: undefined };
      byRow.set(rowId, burst);
      byWrite.set(write.writeId, burst);
      arm(rowId, burst, now);
      return burst;
    },
    join(rowId, write, now) {
      const burst = byRow.get(rowId);
      if (!burst) return;
      burst.write = write;
      arm(rowId, burst, now);
    },
    done: (writeId) => void byWrite.delete(writeId),
  };
}

const registries = new WeakMap<QueryClient, WriteBursts>();

/** The bursts of the page that `queryClient` serves; `attach` gives it one first (tests do). */
export function writeBursts(queryClient: QueryClient, attach?: WriteBursts): WriteBursts {
  let bursts = registries.get(queryClient);
  if (attach) registries.set(queryClient, (bursts = attach));
  if (!bursts) {
    bursts = createWriteBursts();
    registries.set(queryClient, bursts);
  }
  return bursts;
}
