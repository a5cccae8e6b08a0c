import type { AuditEntry } from '../../contract/audit';
import type { Clock } from '../platform/clock';
import type { NewId } from '../platform/ids';
import type { Store } from '../store/store';
import type { AuditStore } from './audit-store';

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Pruning is one indexed DELETE; once an hour is plenty for a retention counted in days. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** What a service says about one change; the auditor adds the id and the time. */
export type AuditFields = Pick<AuditEntry, 'kind' | 'by'> & Partial<Omit<AuditEntry, 'id' | 'at' | 'kind' | 'by'>>;

export interface AuditorOptions {
  store: AuditStore;
  now: Clock;
  newId: NewId;
  retentionDays?: number;
}

/** Makes the entries of the audit log and forgets those older than the retention, now and then. */
export function createAuditor({ store, now, newId, retentionDays = DEFAULT_AUDIT_RETENTION_DAYS }: AuditorOptions) {
  let prunedAt = -Infinity;
  // The id and the time come last: fields made from an earlier entry (an undo's) carry that entry's.
  const entry = (fields: AuditFields): AuditEntry => ({
    flow: null,
    principal: null,
    before: null,
    after: null,
    changeSetId: null,
    ...fields,
    id: newId(),
    at: now().toISOString(),
  });
  const prune = () => {
    const at = now().getTime();
    if (at - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = at;
    // A failed prune only delays it: the change it follows is already committed.
    void store.pruneAudit(new Date(at - retentionDays * DAY_MS).toISOString()).catch(() => (prunedAt = -Infinity));
  };
  return {
    entry,
    /** The change and its entries in one transaction (see `AuditStore.audited`). */
    async run<T>(
      work: (store: Store) => Promise<T>,
      fields: (result: T) => readonly AuditFields[],
    ): Promise<{ result: T; entries: readonly AuditEntry[] }> {
      let entries: readonly AuditEntry[] = [];
      const result = await store.audited(work, (value) => (entries = fields(value).map(entry)));
      prune();
      return { result, entries };
    },
    /** A change whose store writes `entry` itself, in the change's own statement (e.g. `setValueAudited`). */
    async within<T>(fields: AuditFields, work: (entry: AuditEntry) => Promise<T>): Promise<{ result: T; entry: AuditEntry }> {
      const made = entry(fields);
      const result = await work(made);
      prune();
      return { result, entry: made };
    },
    async record(fields: AuditFields) {
      await store.recordAudit([entry(fields)]);
      prune();
    },
  };
}

export type Auditor = ReturnType<typeof createAuditor>;
