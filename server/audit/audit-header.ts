import type { Context } from 'hono';
import type { AuditEntry } from '../../contract/audit';

/** The header naming the audit entry a change made: the console's Undo names it back. */
export const AUDIT_ENTRY_HEADER = 'audit-entry';

export function withAuditEntry(c: Context, entries: readonly AuditEntry[]): void {
  const first = entries[0];
  if (first) c.header(AUDIT_ENTRY_HEADER, first.id);
}
