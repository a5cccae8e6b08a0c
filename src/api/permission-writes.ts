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

/** Ids of the writes this page made, to tell our own change that landed unseen from someone else's. */
const ownWrites = new Set<string>();
const MAX_OWN_WRITES = 2000;
let lastSeq = 0;

function randomWriteId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function permissionWrite(value: ExplicitValue): PermissionWrite {
  const writeId = randomWriteId();
  ownWrites.add(writeId);
  if (ownWrites.size > MAX_OWN_WRITES) ownWrites.delete(ownWrites.values().next().value as string);
  return { value, writeId, seq: ++lastSeq };
}

/**
 * Someone else changed the row since this page read it. `current` is the row as the server holds it
 * now; `mine` is the value this write wanted. A write clicked before the conflict came to light is not
 * sent either (`superseded`): it joins the conflict, so the administrator decides once, knowing.
 */
export class ConflictError<Row extends VersionedRow = VersionedRow> extends Error {
  override readonly name = 'ConflictError';
  constructor(
    readonly current: Row,
    readonly mine: ExplicitValue,
    readonly superseded = false,
  ) {
    super(current.changed ? `Changed by ${current.changed.by} at ${current.changed.at}` : 'Changed by someone else');
  }
}

/** Per row: the conflict found last, and the last click that was made before it came to light. */
const conflicts = new Map<string, { seq: number; current: VersionedRow }>();

interface SendOptions<Row extends VersionedRow> {
  /** The version this page knows; undefined sends the write unconditionally. */
  known: () => number | undefined;
  put: (version: number | undefined) => Promise<Row>;
  fetchRow: () => Promise<Row>;
}

/**
 * Sends one write based on the version this page knows. On 412 it reads the row again: a row that
 * already holds the target, or whose last change is one of this page's own writes (its answer was
 * lost), is no conflict; anything else is.
 */
export async function sendVersioned<Row extends VersionedRow>(
  rowId: string,
  write: PermissionWrite,
  { known, put, fetchRow }: SendOptions<Row>,
): Promise<Row> {
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
