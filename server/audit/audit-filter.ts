import type { AuditEntry } from '../../contract/audit';
import type { AuditFilter } from '../../contract/audit-query';

/** `user:<id>` or `role:<name>`, as filters name a principal. */
export const auditPrincipalKey = (principal: NonNullable<AuditEntry['principal']>) => `${principal.kind}:${principal.id}`;

/** The filter as one predicate, for stores that hold the entries themselves. */
export function auditMatcher(filter: AuditFilter): (entry: AuditEntry) => boolean {
  const by = filter.by?.toLowerCase();
  return (entry) =>
    (by === undefined || entry.by.toLowerCase().includes(by)) &&
    (filter.kind === undefined || entry.kind === filter.kind) &&
    (filter.flowId === undefined || entry.flow?.id === filter.flowId) &&
    (filter.principal === undefined || (entry.principal !== null && auditPrincipalKey(entry.principal) === filter.principal)) &&
    (filter.since === undefined || Date.parse(entry.at) >= Date.parse(filter.since)) &&
    (filter.until === undefined || Date.parse(entry.at) < Date.parse(filter.until)) &&
    (filter.changeSetId === undefined || entry.changeSetId === filter.changeSetId);
}
