import type { PermissionValue } from '../../domain/permission';
import { conflict, ErrorCode, HttpError } from '../http/errors';
import { principalKey, type Principal } from '../store/types';
import type { AuditEntry } from '../../contract/audit';
import type { Auditor } from '../audit/auditor';
import type { PermissionStore } from './permission-store';

export interface ValueChange {
  readonly flowId: string;
  readonly principal: Principal;
  /** A user's name or email, a role's name: what the history and a conflict's message show. */
  readonly principalName: string;
  readonly value: PermissionValue | null;
  /** The administrator making the change. */
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  /** The version the client last saw (If-Match); none puts no condition on the write. */
  readonly expectedVersion?: number;
  /** The client's id of this write (Idempotency-Key), the same on each retry of it. */
  readonly writeId?: string;
  /** The flow's name, for the audit log. */
  readonly flowName: string;
  /** The batch this change is part of, if any. */
  readonly changeSetId?: string;
}

/**
 * Writes one explicit value with its conditions. A write id already applied succeeds again without a
 * change; a stale version gets 412, whose message says who changed the value and when.
 */
export async function writeValue(
  store: Pick<PermissionStore, 'setValueAudited' | 'getVersions'>,
  auditor: Auditor,
  { flowId, flowName, principal, value, changeSetId, ...write }: ValueChange,
): Promise<readonly AuditEntry[]> {
  // The change and its audit entry in one step of the store (one statement over PostgreSQL).
  const { result: written, entry } = await auditor.within(
    {
      kind: 'permission.value',
      by: write.by,
      flow: { id: flowId, name: flowName },
      principal: {
        kind: principal.kind,
        id: principal.kind === 'user' ? principal.id : principal.name,
        name: write.principalName,
      },
      after: value,
      changeSetId: changeSetId ?? null,
    },
    (made) => store.setValueAudited(flowId, principal, value, write, made),
  );
  const { outcome } = written;
  const entries: readonly AuditEntry[] = outcome === 'written' ? [{ ...entry, before: written.before }] : [];
  if (outcome === 'reused') {
    throw new HttpError(
      422,
      ErrorCode.idempotencyKeyReused,
      'This Idempotency-Key was used for another value: send a new key with a new write',
    );
  }
  if (outcome !== 'conflict') return entries;
  const current = (await store.getVersions(flowId, [principal])).get(principalKey(principal));
  const since = current ? ` It was changed by ${current.by} at ${current.at}` : '';
  throw conflict(
    ErrorCode.versionConflict,
    `${write.principalName} has changed since version ${write.expectedVersion ?? 0}.${since}; its version is now ${current?.version ?? 0}.`,
  );
}
