import type { PermissionValue } from '../../domain/permission';
import { conflict, ErrorCode, HttpError } from '../http/errors';
import { principalKey, type Principal } from '../store/types';
import type { AuditEntry } from '../../contract/audit';
import type { Auditor } from '../audit/auditor';
import type { PermissionStore, ValueVersion } from './permission-store';

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
  if (outcome !== 'conflict' && outcome !== 'reused') return entries;
  const current =
    outcome === 'conflict' ? (await store.getVersions(flowId, [principal])).get(principalKey(principal)) : undefined;
  throw refusalOf(outcome, write.principalName, write.expectedVersion, current);
}

/**
 * The answer to a write the store refused: 422 for an Idempotency-Key used for another value, 412
 * for a stale version, whose message says who changed the value and when (`current`: the row's
 * version now, none when it never changed through the API).
 */
export function refusalOf(
  outcome: 'conflict' | 'reused',
  principalName: string,
  expectedVersion: number | undefined,
  current: ValueVersion | undefined,
): HttpError {
  if (outcome === 'reused') {
    return new HttpError(
      422,
      ErrorCode.idempotencyKeyReused,
      'This Idempotency-Key was used for another value: send a new key with a new write',
    );
  }
  const since = current ? ` It was changed by ${current.by} at ${current.at}` : '';
  return conflict(
    ErrorCode.versionConflict,
    `${principalName} has changed since version ${expectedVersion ?? 0}.${since}; its version is now ${current?.version ?? 0}.`,
  );
}
