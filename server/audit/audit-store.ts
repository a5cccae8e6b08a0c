import type { AuditEntry } from '../../contract/audit';
import type { AuditFilter } from '../../contract/audit-query';
import type { Store } from '../store/store';
import type { Page } from '../store/types';

export type { AuditEntry, AuditFilter };

/** One chunk of an export, newest first; `cursor` continues it (null: nothing more). */
export interface AuditChunk {
  readonly items: readonly AuditEntry[];
  readonly cursor: string | null;
}

/** The audit log's part of the store. */
export interface AuditStore {
  /**
   * Runs `work` against the store and records the entries `entriesOf` makes of its result in the same
   * transaction: both happen or neither. A `work` that throws records nothing.
   */
  audited<T>(work: (store: Store) => Promise<T>, entriesOf: (result: T) => readonly AuditEntry[]): Promise<T>;
  /** For what changes nothing else (a sign-in, keys shown). */
  recordAudit(entries: readonly AuditEntry[]): Promise<void>;
  getAuditEntry(id: string): Promise<AuditEntry | undefined>;
  /** Newest first. */
  listAudit(filter: AuditFilter, page: { offset: number; limit: number }): Promise<Page<AuditEntry>>;
  /** Newest first, from `cursor` (null: the newest), at most `limit`: a keyset read, for streaming exports. */
  readAudit(filter: AuditFilter, cursor: string | null, limit: number): Promise<AuditChunk>;
  /** Forgets entries older than `before` (ISO 8601); answers how many. */
  pruneAudit(before: string): Promise<number>;
}
