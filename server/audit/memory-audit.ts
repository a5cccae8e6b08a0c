import type { Store } from '../store/store';
import type { AuditEntry, AuditStore } from './audit-store';
import { auditMatcher } from './audit-filter';

/** The demo keeps the latest entries only: its storage is the browser's, and small. */
export const MAX_AUDIT_ENTRIES = 1000;

/**
 * The audit log of the memory store. `entries` is the persisted list itself (oldest first): an entry is
 * added in the same step as its change and saved with it by `changed`.
 */
export function createMemoryAudit(entries: AuditEntry[], changed: () => void, self: () => Store): AuditStore {
  const add = (added: readonly AuditEntry[]) => {
    if (added.length === 0) return;
    entries.push(...added);
    if (entries.length > MAX_AUDIT_ENTRIES) entries.splice(0, entries.length - MAX_AUDIT_ENTRIES);
    changed();
  };
  const newestFirst = (filter: Parameters<AuditStore['listAudit']>[0]) => entries.filter(auditMatcher(filter)).reverse();
  return {
    // `this` when called on a store made from this one (`{ ...store, renameFlow }`): the change runs on it.
    async audited(this: Store | undefined, work, entriesOf) {
      const result = await work(this ?? self());
      add(entriesOf(result));
      return result;
    },
    async recordAudit(added) {
      add(added);
    },
    async getAuditEntry(id) {
      return entries.find((entry) => entry.id === id);
    },
    async listAudit(filter, { offset, limit }) {
      const all = newestFirst(filter);
      return { items: all.slice(offset, offset + limit), total: all.length, offset };
    },
    async readAudit(filter, cursor, limit) {
      const all = newestFirst(filter);
      const start = cursor === null ? 0 : all.findIndex((entry) => entry.id === cursor) + 1;
      // A cursor pruned meanwhile ends the read rather than starting it over.
      if (cursor !== null && start === 0) return { items: [], cursor: null };
      const items = all.slice(start, start + limit);
      return { items, cursor: start + limit < all.length ? (items.at(-1)?.id ?? null) : null };
    },
    async pruneAudit(before) {
      const cut = Date.parse(before);
      const kept = entries.filter((entry) => Date.parse(entry.at) >= cut);
      const pruned = entries.length - kept.length;
      if (pruned > 0) {
        entries.splice(0, entries.length, ...kept);
        changed();
      }
      return pruned;
    },
  };
}
