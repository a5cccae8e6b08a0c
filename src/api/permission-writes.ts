import type { QueryClient } from '@tanstack/react-query';
import type { ExplicitValue } from '../../domain/permission';
import { ApiError } from './client';
import type { LastChange } from '../../contract/console';

/**
 * One click's write: the absolute target, an id that stays the same on every retry (the server applies
 * a write id once), and the click's place in the page's order of clicks.
 */
export interface PermissionWrite {
  readonly value: ExplicitValue;
  readonly writeId: string;
  readonly seq: number;
}

export interface VersionedRow {
  value: ExplicitValue;
  version: number;
  changed: LastChange | null;
}

/**
 * Someone else changed the row since this page read it. `current` is the row as the server holds it
 * now; `mine` is the value this write wanted. A write clicked before the conflict came to light is not
 * sent either (`superseded`): it joins the conflict, so the administrator decides once, knowing.
 * It is the API's 412 made sense of, so it is an ApiError like every other failure of a write.
 */
export class ConflictError<Row extends VersionedRow = VersionedRow> extends ApiError {
  override readonly name = 'ConflictError';
  constructor(
    readonly current: Row,
    readonly mine: ExplicitValue,
    readonly superseded = false,
  ) {
    super('http', current.changed ? `Changed by ${current.changed.by} at ${current.changed.at}` : 'Changed by someone else', 412);
  }
}

interface SendOptions<Row extends VersionedRow> {
  /** The version this page knows; undefined sends the write unconditionally. */
  known: () => number | undefined;
  put: (version: number | undefined) => Promise<Row>;
  fetchRow: () => Promise<Row>;
}

/**
 * What one page knows of its own writes: the ids it sent (to tell its own change that landed unseen
 * from someone else's), the order of its clicks, and per row the conflict found last. It belongs to
 * a QueryClient (see writeLedger): two pages, or two tests, never share one.
 */
export interface WriteLedger {
  /** One click's write of `value`, with a fresh write id and the next place in the click order. */
  write(value: ExplicitValue): PermissionWrite;
  /**
   * A write an earlier page of this browser left unsent (the outbox): it keeps its write id, so a
   * change of the row by it is known as this page's own, and takes the next place in the click order.
   */
  adopt(writeId: string, value: ExplicitValue): PermissionWrite;
  /**
   * Sends one write based on the version this page knows. On 412 it reads the row again: a row that
   * already holds the target, or whose last change is one of this page's own writes (its answer was
   * lost), is no conflict; anything else is.
   */
  send<Row extends VersionedRow>(rowId: string, write: PermissionWrite, options: SendOptions<Row>): Promise<Row>;
}

const MAX_OWN_WRITES = 2000;

function randomWriteId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function createWriteLedger(): WriteLedger {
  const ownWrites = new Set<string>();
  let lastSeq = 0;
  /** Per row: the conflict found last, and the last click that was made before it came to light. */
  const conflicts = new Map<string, { seq: number; current: VersionedRow }>();
  const adopt = (writeId: string, value: ExplicitValue): PermissionWrite => {
    ownWrites.add(writeId);
    if (ownWrites.size > MAX_OWN_WRITES) ownWrites.delete(ownWrites.values().next().value as string);
    return { value, writeId, seq: ++lastSeq };
  };
  return {
    write: (value) => adopt(randomWriteId(), value),
    adopt,
    async send<Row extends VersionedRow>(rowId: string, write: PermissionWrite, { known, put, fetchRow }: SendOptions<Row>) {
      const conflict = conflicts.get(rowId);
      if (conflict && write.seq <= conflict.seq) throw new ConflictError(conflict.current as Row, write.value, true);
      try {
        return await put(known());
      } catch (error) {
        if (!(error instanceof ApiError && error.isConflict)) throw error;
        const current = await fetchRow();
        if (current.value === write.value) return current;
        const lastWrite = current.changed?.writeId;
        if (lastWrite && ownWrites.has(lastWrite)) return put(current.version);
        conflicts.set(rowId, { seq: lastSeq, current });
        throw new ConflictError(current, write.value);
      }
    },
  };
}

const ledgers = new WeakMap<QueryClient, WriteLedger>();

/** The ledger of the page that `queryClient` serves, made with its first write. */
export function writeLedger(queryClient: QueryClient): WriteLedger {
  let ledger = ledgers.get(queryClient);
  if (!ledger) {
    ledger = createWriteLedger();
    ledgers.set(queryClient, ledger);
  }
  return ledger;
}

/**
 * A write may be sent again when it got no answer or a passing server error: it is idempotent (an
 * absolute target, a write id, a version). Without a network it waits as long as it takes; a server
 * error gets two more tries.
 */
export function retryWrite(failureCount: number, error: Error): boolean {
  if (!(error instanceof ApiError) || !error.isTransient) return false;
  return error.kind === 'network' || failureCount < 2;
}

export const retryWriteDelay = (failureCount: number) => Math.min(300 * 2 ** failureCount, 2000);
